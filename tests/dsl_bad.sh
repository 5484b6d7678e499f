#!/bin/sh
# dsl_bad.sh - every malformed .nn file must fail with exit status 1 and a
# diagnostic "FILE:LINE:COL: error: MESSAGE" at the line and with the message
# its first line names ("# error-line: LINE: MESSAGE", MESSAGE being the
# start of the error's text), followed by the source line and a caret (and, when the file has a line
# "# error-text: TEXT", TEXT in the message); no
# crash, no sanitizer report (a sanitizer abort changes the exit status), and
# no output file.  Files are compiled to PyTorch, so that shape inference and
# generation see them too; --check must reject each at the same line, since
# it runs every stage but writing.
set -u
dir="$top_srcdir/tests/dsl-bad"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
for f in "$dir"/*.nn; do
    n=$((n + 1))
    rm -f "$tmp/out.nn"
    want=$(sed -n '1s/^# error-line: \([0-9]*\): .*/\1/p' "$f")
    msg=$(sed -n '1s/^# error-line: [0-9]*: //p' "$f")
    text=$(sed -n 's/^# error-text: //p' "$f")
    "$NNC" "$f" --target torch-sub -o "$tmp/out.nn" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    why=
    if [ -z "$want" ] || [ -z "$msg" ]; then why="no '# error-line: LINE: MESSAGE' line"
    elif [ $rc -ne 1 ]; then why="exit status $rc, expected 1"
    elif ! grep -q "^$f:$want:[0-9][0-9]*: error: " "$tmp/stderr"; then why="no error at line $want"
    elif ! grep "^$f:$want:[0-9][0-9]*: error: " "$tmp/stderr" |
            awk -v m="$msg" 'index($0, ": error: " m) { f = 1 } END { exit !f }'; then
        why="no error '$msg' at line $want"
    elif ! grep -q '^ *	*\^' "$tmp/stderr"; then why="no caret line"
    elif [ -n "$text" ] && ! grep -q -F -- "$text" "$tmp/stderr"; then why="no '$text'"
    elif [ -e "$tmp/out.nn" ]; then why="an output file was written"
    elif [ -s "$tmp/stdout" ]; then why="output on stdout"
    elif "$NNC" "$f" --check >/dev/null 2>"$tmp/check"; then why="--check accepts it"
    elif ! grep -q "^$f:$want:[0-9][0-9]*: error: " "$tmp/check"; then why="--check: no error at line $want"
    fi
    if [ -n "$why" ]; then
        bad=$((bad + 1))
        echo "FAIL: $(basename "$f"): $why"
        sed 's/^/    /' "$tmp/stderr" | head -n 8
    fi
done
echo "malformed .nn corpus: $((n - bad)) of $n rejected as expected"
[ $n -ge 50 ] || { echo "FAIL: corpus has only $n files"; exit 1; }
[ $bad -eq 0 ]
