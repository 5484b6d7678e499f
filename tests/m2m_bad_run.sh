#!/bin/sh
# m2m_bad_run.sh DIR LABEL - unmappable constructs of one framework: each
# tests/DIR/bad/X.py starts with "# expect: LINE:COL"; nnc must exit 1 with
# an error there, and none at 1:1 besides it.  What --keep-going makes of them is keep_going.sh's.  Run
# by m2m_bad.sh (PyTorch) and m2m_keras_bad.sh (Keras).
dir=$1 label=$2
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
for f in "$top_srcdir"/tests/$dir/bad/*.py; do
    n=$((n + 1))
    b=$(basename "$f")
    want=$(sed -n '1s/^# expect: \([0-9]*:[0-9]*\)$/\1/p' "$f")
    [ -n "$want" ] || { fail "$b: no '# expect: LINE:COL' line"; continue; }
    "$NNC" "$f" --emit-dsl -o - >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] || fail "$b: exit $rc, not 1"
    grep -q "^$f:$want: error: " "$tmp/err" || { fail "$b: no error at $want"; cat "$tmp/err"; }
    grep -q '^ *\^' "$tmp/err" || fail "$b: no caret under the construct"
    # issue 20: an error of the construct, not one at the file's start besides it
    [ "$want" = 1:1 ] || ! grep -q "^$f:1:1: error: " "$tmp/err" ||
        { fail "$b: an error at 1:1 besides the one at $want"; cat "$tmp/err"; }
done
echo "unmappable $label files: $((n - bad)) of $n as expected"
[ $bad -eq 0 ]
