#!/bin/sh
# dsl_golden.sh - the printer's canonical form: each tests/golden/dsl/X.nn
# prints exactly as X.expected; every example and expected file is already
# canonical; printing is idempotent (print -> parse -> print is identical).
# tests/golden/inputs/ holds networks with named inputs (inputs:), kept out of
# tests/golden/dsl until XMI and the code targets write them.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
for f in "$top_srcdir"/tests/golden/dsl/*.nn "$top_srcdir"/tests/golden/inputs/*.nn; do
    n=$((n + 1))
    exp="${f%.nn}.expected"
    if ! "$NNC" "$f" --emit-dsl -o "$tmp/a.nn" 2>"$tmp/err"; then
        fail "$(basename "$f"): nnc failed"; cat "$tmp/err"; continue
    fi
    diff -u "$exp" "$tmp/a.nn" >"$tmp/diff" || { fail "$(basename "$f") differs from expected"; cat "$tmp/diff"; }
    "$NNC" "$tmp/a.nn" --emit-dsl -o "$tmp/b.nn" 2>/dev/null && cmp -s "$tmp/a.nn" "$tmp/b.nn" ||
        fail "$(basename "$f"): printing is not idempotent"
    rm -f "$tmp/a.nn" "$tmp/b.nn"
done
for f in "$top_srcdir"/examples/*.nn; do
    n=$((n + 1))
    "$NNC" "$f" --emit-dsl -o "$tmp/e.nn" 2>"$tmp/err" && cmp -s "$f" "$tmp/e.nn" ||
        { fail "$(basename "$f") is not in canonical form"; cat "$tmp/err"; diff -u "$f" "$tmp/e.nn" | head -20; }
    rm -f "$tmp/e.nn"
done
echo "golden DSL files: $((n - bad)) of $n as expected"
[ $bad -eq 0 ]
