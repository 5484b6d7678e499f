#!/bin/sh
# pybad.sh - every malformed Python snippet in tests/python-bad must be
# rejected (exit 1, no crash) with its first error on the line named by the
# snippet's first-line comment "# error-line: N".
tool="$top_builddir/tests/pydump_tool"
dir="$top_srcdir/tests/python-bad"
fail=0 count=0
for f in "$dir"/*.py; do
    count=$((count + 1))
    want=$(sed -n '1s/^# error-line: \([0-9]*\).*/\1/p' "$f")
    err=$("$tool" "$f" 2>&1 >/dev/null)
    rc=$?
    got=$(printf '%s\n' "$err" | sed -n '1s/^.*\.py:\([0-9]*\):[0-9]*: error: .*/\1/p')
    if [ "$rc" -ne 1 ] || [ -z "$want" ] || [ "$got" != "$want" ]; then
        echo "FAIL: $f: exit $rc, error line '${got}', expected line '${want}'"
        printf '%s\n' "$err" | head -3
        fail=$((fail + 1))
    fi
done
echo "python-bad: $((count - fail)) / $count snippets rejected at the expected line"
[ "$count" -ge 100 ] || { echo "FAIL: fewer than 100 snippets"; exit 1; }
[ "$fail" -eq 0 ] || exit 1
exit 0
