#!/bin/sh
# gen_golden.sh - the generated text of each target: every expected file
# tests/golden/gen/MODEL.TARGET[.cf].py is what nnc writes for MODEL (from
# tests/models, examples or tests/golden/inputs) and TARGET (.cf: --channels first).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top_srcdir" || exit 1
n=0; bad=0
for exp in tests/golden/gen/*.py; do
    n=$((n + 1))
    base=$(basename "$exp" .py)
    model=${base%%.*}; rest=${base#*.}; target=${rest%%.*}
    flags=""; [ "$rest" != "$target" ] && flags="--channels first"
    src=tests/models/$model.nn; [ -f "$src" ] || src=examples/$model.nn
    [ -f "$src" ] || src=tests/golden/inputs/$model.nn
    # shellcheck disable=SC2086
    if ! "$NNC" "$src" --target "$(echo "$target" | tr _ -)" $flags -o "$tmp/out.py" 2>"$tmp/err"; then
        bad=$((bad + 1)); echo "FAIL: $base: nnc failed"; cat "$tmp/err"; continue
    fi
    diff -u "$exp" "$tmp/out.py" || { bad=$((bad + 1)); echo "FAIL: $base differs from expected"; }
    rm -f "$tmp/out.py"
done
echo "golden generated files: $((n - bad)) of $n as expected"

# Channel-first PyTorch sources come back as they were written: the layout
# permutes the reader puts into the pivot cancel against the generator's
# channel moves (no permute, movedim or ChannelsFirst in the code), and the
# Sequential targets accept them.  (Left out: sources that move axes
# themselves, and global pooling written as a reduction, which the
# generators write as pooling on channel-first data.)
# Known gap, left out by name: factory_resnet.py's blocks add a shortcut that
# may be an empty nn.Sequential; the generator writes that add channel-last
# (equivalent, m2m_equiv.sh checks it, but with movedim calls).  Likewise
# dense_block_dict.py, whose blocks concatenate the channels inside a
# sub-network: the generator writes that concatenation channel-last; and
# block_args.py, whose blocks add their input as factory_resnet.py's do.
for f in examples/pytorch/*.py; do
    grep -q -e "permute" -e "movedim" -e "transpose" -e "\.mean(" "$f" && continue
    case $f in */factory_resnet.py | */dense_block_dict.py | */block_args.py) continue ;; esac
    for target in torch-sub torch-seq; do
        n=$((n + 1))
        "$NNC" "$f" --target $target -o "$tmp/out.py" 2>"$tmp/err" || {
            grep -q "use --target torch-sub" "$tmp/err" && continue  # a branching model
            bad=$((bad + 1)); echo "FAIL: $f: $target failed"; cat "$tmp/err"; continue; }
        if grep -n -e "permute(" -e "movedim(" -e "Channels" "$tmp/out.py"; then
            bad=$((bad + 1)); echo "FAIL: $f -> $target moves axes the source did not"
        fi
        rm -f "$tmp/out.py"
    done
done
echo "golden generated files and PyTorch round trips: $((n - bad)) of $n as expected"
[ $n -gt 0 ] && [ $bad -eq 0 ]
