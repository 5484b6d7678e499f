#!/bin/sh
# m2m_bad_run.sh DIR LABEL - unmappable constructs of one framework: each
# tests/DIR/bad/X.py starts with "# expect: LINE:COL; keep-going: exit N"; nnc
# must exit 1 with an error there.  With --keep-going it must report the
# construct there again (as a warning, or an error when it cannot be left
# out) and exit N: 0 with a TODO in the output, 1 (what is left is no model)
# with an error and no output.  Run by m2m_bad.sh (PyTorch) and
# m2m_keras_bad.sh (Keras).
dir=$1 label=$2
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
for f in "$top_srcdir"/tests/$dir/bad/*.py; do
    n=$((n + 1))
    b=$(basename "$f")
    want=$(sed -n '1s/^# expect: \([0-9]*:[0-9]*\);.*/\1/p' "$f")
    kg=$(sed -n '1s/^# expect: .*; keep-going: exit \([01]\)$/\1/p' "$f")
    [ -n "$want" ] && [ -n "$kg" ] || { fail "$b: no '# expect: LINE:COL; keep-going: exit N' line"; continue; }
    "$NNC" "$f" --emit-dsl -o - >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] || fail "$b: exit $rc, not 1"
    grep -q "^$f:$want: error: " "$tmp/err" || { fail "$b: no error at $want"; cat "$tmp/err"; }
    grep -q '^ *\^' "$tmp/err" || fail "$b: no caret under the construct"
    "$NNC" "$f" --keep-going --emit-dsl -o "$tmp/k.nn" 2>"$tmp/err"
    rc=$?
    [ $rc -eq "$kg" ] || { fail "$b: --keep-going exit $rc, not $kg"; cat "$tmp/err"; }
    grep -q "^$f:$want: \(warning\|error\): " "$tmp/err" ||
        fail "$b: --keep-going reported nothing at $want"
    if [ "$kg" -eq 0 ]; then
        grep -q "TODO(nnc)" "$tmp/k.nn" || fail "$b: --keep-going output has no TODO"
        grep -q ": warning: " "$tmp/err" || fail "$b: --keep-going gave no warning"
    else
        grep -q "error" "$tmp/err" || fail "$b: --keep-going exit 1 without an error"
        [ ! -e "$tmp/k.nn" ] || fail "$b: --keep-going exit 1 left an output"
    fi
    rm -f "$tmp/k.nn"
done
echo "unmappable $label files: $((n - bad)) of $n as expected"
[ $bad -eq 0 ]
