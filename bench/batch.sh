#!/bin/sh
# batch.sh - batch mode throughput: files per second with -j 1 and -j 2.
#
#   batch.sh NNC SRCDIR [COUNT] [REPS]
#
# Builds COUNT model files (default 1000) from the examples in SRCDIR/examples
# (.nn, PyTorch and Keras, taken in turn): each is a copy under a new name,
# the .nn networks renamed, the Python files with a line of their own, so no
# two inputs are the same.  Then times `NNC --target torch-sub --output-dir
# OUT -j J` over all of them, REPS times (default 3) per J into a new
# directory, and prints the medians.  Fails when a run fails or leaves an
# output missing.
set -u
nnc=$1; src=$2; count=${3:-1000}; reps=${4:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in"

set -- "$src"/examples/*.nn "$src"/examples/pytorch/*.py "$src"/examples/keras/*.py
nsrc=$#
i=0
while [ "$i" -lt "$count" ]; do
    k=$((i % nsrc + 1))
    eval "f=\${$k}"
    base=$(basename "$f")
    id=$(printf 'v%04d' "$i")
    case $f in
    *.nn) sed "s/^\([A-Za-z_][A-Za-z0-9_]*\):[[:space:]]*\$/\1_$id:/" "$f" >"$tmp/in/${id}_$base" ;;
    *) { echo "# batch bench input $id"; cat "$f"; } >"$tmp/in/${id}_$base" ;;
    esac
    i=$((i + 1))
done

now() { date +%s.%N; }
median() { sort -n | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "$count files ($nsrc examples: .nn, PyTorch, Keras) to torch-sub; median of $reps runs."
echo
echo "| -j | seconds | files/s |"
echo "|---:|---:|---:|"
for j in 1 2; do
    r=0
    : >"$tmp/times"
    while [ "$r" -lt "$reps" ]; do
        out="$tmp/out$j.$r"
        t0=$(now)
        "$nnc" --target torch-sub --output-dir "$out" -j "$j" "$tmp"/in/* >"$tmp/report" 2>"$tmp/err"
        rc=$?
        t1=$(now)
        made=$(ls "$out" 2>/dev/null | wc -l)
        if [ "$rc" -ne 0 ] || [ "$made" -ne "$count" ]; then
            echo "FAIL: -j $j: exit status $rc, $made of $count outputs"
            head -n 20 "$tmp/err"
            exit 1
        fi
        echo "$t0 $t1" | awk '{print $2 - $1}' >>"$tmp/times"
        rm -rf "$out"
        r=$((r + 1))
    done
    t=$(median <"$tmp/times")
    echo "$j $t" >>"$tmp/summary"
    echo "$j $t $count" | awk '{printf "| %d | %.2f | %.0f |\n", $1, $2, $3 / $2}'
done
awk 'NR == 1 {t1 = $2} NR == 2 {printf "\n-j 2 is %.2fx as fast as -j 1 (%s CPUs here).\n", t1 / $2, cpus}' \
    cpus="$(getconf _NPROCESSORS_ONLN)" "$tmp/summary"
