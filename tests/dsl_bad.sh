#!/bin/sh
# dsl_bad.sh - every malformed .nn file must fail with exit status 1 and a
# diagnostic "FILE:LINE:COL: error:" at the line its first line names,
# followed by the source line and a caret (and, when the file has a line
# "# error-text: TEXT", TEXT in the message); no crash, no sanitizer report
# (a sanitizer abort changes the exit status), and no output file.
set -u
dir="$top_srcdir/tests/dsl-bad"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
for f in "$dir"/*.nn; do
    n=$((n + 1))
    want=$(sed -n '1s/^# error-line: //p' "$f")
    text=$(sed -n 's/^# error-text: //p' "$f")
    "$NNC" "$f" --emit-dsl -o "$tmp/out.nn" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    why=
    if [ $rc -ne 1 ]; then why="exit status $rc, expected 1"
    elif ! grep -q "^$f:$want:[0-9][0-9]*: error: " "$tmp/stderr"; then why="no error at line $want"
    elif ! grep -q '^ *	*\^' "$tmp/stderr"; then why="no caret line"
    elif [ -n "$text" ] && ! grep -q -F -- "$text" "$tmp/stderr"; then why="no '$text'"
    elif [ -e "$tmp/out.nn" ]; then why="an output file was written"
    elif [ -s "$tmp/stdout" ]; then why="output on stdout"
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
