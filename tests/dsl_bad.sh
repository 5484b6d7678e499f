#!/bin/sh
# dsl_bad.sh - every malformed .nn file must fail with exit status 1 and a
# diagnostic "FILE:LINE:COL: error:" at the line its first line names,
# followed by the source line and a caret; no crash, no sanitizer report
# (a sanitizer abort changes the exit status), and no output file.  A line
# "# error-message: TEXT" names the message too.  --check must reject the
# file at the same line: it runs every stage but writing.
set -u
dir="$top_srcdir/tests/dsl-bad"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
for f in "$dir"/*.nn; do
    n=$((n + 1))
    want=$(sed -n '1s/^# error-line: //p' "$f")
    msg=$(sed -n 's/^# error-message: //p' "$f")
    "$NNC" "$f" --emit-dsl -o "$tmp/out.nn" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    why=
    if [ $rc -ne 1 ]; then why="exit status $rc, expected 1"
    elif ! grep -q "^$f:$want:[0-9][0-9]*: error: " "$tmp/stderr"; then why="no error at line $want"
    elif [ -n "$msg" ] && ! grep -qF "error: $msg" "$tmp/stderr"; then why="no error '$msg'"
    elif ! grep -q '^ *	*\^' "$tmp/stderr"; then why="no caret line"
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
