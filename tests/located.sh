#!/bin/sh
# located.sh - every diagnostic about a Python input points into it: each
# example and bad-input file of both readers, and the fuzz regression seeds,
# read with --check (with and without --keep-going) and written to every
# code target; no message may come out as a bare "nnc: error:" (only the
# count of messages held back may).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
for f in "$top_srcdir"/examples/pytorch/*.py "$top_srcdir"/examples/keras/*.py \
         "$top_srcdir"/tests/torch/bad/*.py "$top_srcdir"/tests/keras/bad/*.py \
         "$top_srcdir"/tests/fuzz/regress/*.py; do
    for how in "--check" "--keep-going --check" "--target torch-seq" "--target torch-sub" \
               "--target tf-seq" "--target tf-sub"; do
        n=$((n + 1))
        case $how in --target*) out="-o $tmp/out.py -f" ;; *) out= ;; esac
        # shellcheck disable=SC2086
        "$NNC" "$f" $how $out >/dev/null 2>"$tmp/err"
        if grep -E '^nnc: (error|warning|note):' "$tmp/err" >"$tmp/bare"; then
            bad=$((bad + 1))
            echo "FAIL: $f ($how): a diagnostic without a place:"
            head -n 3 "$tmp/bare"
        fi
    done
done
echo "located: $n runs, $bad with a diagnostic that has no place"
[ $bad -eq 0 ]
