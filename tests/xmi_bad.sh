#!/bin/sh
# xmi_bad.sh - malformed and hostile XMI: every file in tests/xmi-bad is
# rejected with exit status 1 (never a crash), with the message in X.expect,
# reported as file:line:col: error: plus the source line and a caret.  XXE,
# external DTDs and a billion-laughs document are refused at their DOCTYPE,
# under a memory limit far below what an expansion would need.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
# 256 MB of address space; a sanitizer build reserves more than that for
# itself, so there the limit is lifted (its own checks take over)
limit=262144
(ulimit -v $limit; "$NNC" --version) >/dev/null 2>&1 || limit=unlimited
for f in "$top_srcdir"/tests/xmi-bad/*.xmi; do
    n=$((n + 1)); b=$(basename "$f" .xmi)
    (ulimit -v $limit; "$NNC" "$f" --check) >"$tmp/out" 2>"$tmp/err"; rc=$?
    want=$(cat "${f%.xmi}.expect")
    if [ $rc -ne 1 ]; then bad=$((bad + 1)); echo "FAIL: $b: status $rc, expected 1"; cat "$tmp/err"; continue; fi
    grep -qF -- "$want" "$tmp/err" || { bad=$((bad + 1)); echo "FAIL: $b: no '$want' in:"; cat "$tmp/err"; continue; }
    head -1 "$tmp/err" | grep -qE "^[^:]+\.xmi:[0-9]+:[0-9]+: error: " ||
        { bad=$((bad + 1)); echo "FAIL: $b: not file:line:col: error:"; head -1 "$tmp/err"; continue; }
    sed -n 3p "$tmp/err" | grep -qE '^ *\^' || { bad=$((bad + 1)); echo "FAIL: $b: no caret line"; cat "$tmp/err"; }
done
echo "malformed XMI: $((n - bad)) of $n rejected as expected"
[ $bad -eq 0 ]
