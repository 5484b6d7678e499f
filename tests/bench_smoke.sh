#!/bin/sh
# bench_smoke.sh - the bench programs at tiny sizes, so that they cannot rot
# between runs of make bench (which needs BESSER; this does not).  The one
# figure checked is deterministic: the model's arena memory must grow
# linearly from 1k to 10k layers (it did not while nn_flow_build gave every
# sub-network an array over all sub-networks).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
b="$top_builddir/bench"

"$b/scale" --emit 52 >"$tmp/synth.nn" || fail "scale --emit"
"$NNC" "$tmp/synth.nn" --check || fail "the synthetic model does not validate"
for t in torch-sub tf-sub; do
    "$NNC" "$tmp/synth.nn" --target $t -o "$tmp/synth.$t.py" || fail "synthetic model to $t"
done

# Time is not checked at these sizes (floor: 1000 s); arena and peak memory are.
"$b/scale" --rounds 1 --runs 1 --floor-ms 1000000 1000 10000 >"$tmp/scale" ||
    { cat "$tmp/scale"; fail "scale: memory does not grow linearly"; }

mkdir "$tmp/c"
"$b/compile" --reps 2 --nnc "$NNC" "$top_srcdir/examples/alexnet.nn" "$tmp/c" >"$tmp/compile" ||
    fail "compile"
[ "$(ls "$tmp/c" | wc -l)" -eq 5 ] || fail "compile: expected 5 outputs"
[ "$(wc -w <"$tmp/compile")" -eq 4 ] || fail "compile: output line"

# The files vs_besser.py would give BESSER must still be valid models for nnc.
for f in "$top_srcdir"/examples/*.nn; do
    "$PYTHON" -c 'import sys; sys.path.insert(0, sys.argv[1]); import vs_besser as v
text, notes = v.prepare(sys.argv[2], {"dropout", "layers", "rate"}); sys.stdout.write(text)' \
        "$top_srcdir/bench" "$f" >"$tmp/prepared.nn" || fail "vs_besser.prepare $f"
    "$NNC" "$tmp/prepared.nn" --check || fail "prepared $f is not a valid model"
done

"$PYTHON" "$top_srcdir/bench/stdlib.py" --pydump-tool "$top_builddir/tests/pydump_tool" \
    --test-script "$top_srcdir/tests/stdlib_ast.py" --reps 1 --limit 20 >"$tmp/stdlib" ||
    fail "stdlib.py"
sh "$top_srcdir/bench/batch.sh" "$NNC" "$top_srcdir" 20 1 >"$tmp/batch" || fail "batch.sh"

[ $bad -eq 0 ] || exit 1
echo "bench programs: all ran"
