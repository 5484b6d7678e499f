#!/bin/sh
# inputs.sh - a network with several named inputs (inputs:) where a target
# cannot take them yet, or never can: a located error at the network's
# inputs, exit status 1, no output file.  The Sequential targets take one
# input; --with-training, an unnamed --input-shape, UML and the graph do
# not handle several (or, for UML, named) inputs yet.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src="$top_srcdir/tests/golden/inputs/two_inputs.nn"
n=0; bad=0
refused() { # line, message, options...
    line=$1; msg=$2; shift 2; n=$((n + 1))
    rm -f "$tmp/out"
    "$NNC" "$src" "$@" -o "$tmp/out" >/dev/null 2>"$tmp/err"; rc=$?
    why=
    if [ $rc -ne 1 ]; then why="exit status $rc, expected 1"
    elif ! grep -q "^$src:$line:[0-9]*: error: .*$msg" "$tmp/err"; then why="no '$msg' at line $line"
    elif ! grep -q '^ *\^' "$tmp/err"; then why="no caret line"
    elif [ -e "$tmp/out" ]; then why="an output file was written"
    fi
    [ -z "$why" ] || { bad=$((bad + 1)); echo "FAIL: $*: $why"; cat "$tmp/err"; }
}
refused 8 "Sequential model one, so torch-seq cannot express it; use --target torch-sub" --target torch-seq
refused 8 "so tf-seq cannot express it; use --target tf-sub" --target tf-seq
refused 8 "--with-training does not load several inputs" --target tf-sub --with-training
refused 6 "give each its input_shape in the model" --target tf-sub --input-shape 8,8,3
refused 6 "--target uml does not write a network with named inputs" --target uml
refused 6 "--target dot does not write a network with named inputs" --target dot
echo "several inputs: $((n - bad)) of $n refusals as expected"
[ $bad -eq 0 ]
