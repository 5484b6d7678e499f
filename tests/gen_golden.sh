#!/bin/sh
# gen_golden.sh - the generated text of each target: every expected file
# tests/golden/gen/MODEL.TARGET[.cf].py is what nnc writes for MODEL (from
# tests/models or examples) and TARGET (.cf: --channels first).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top_srcdir" || exit 1
n=0; bad=0
for exp in tests/golden/gen/*.py; do
    n=$((n + 1))
    base=$(basename "$exp" .py)
    model=${base%%.*}; rest=${base#*.}; target=${rest%%.*}
    flags=""; [ "$rest" != "$target" ] && flags="--channels first"
    src=tests/models/$model.nn; [ -f "$src" ] || src=examples/$model.nn
    # shellcheck disable=SC2086
    if ! "$NNC" "$src" --target "$(echo "$target" | tr _ -)" $flags -o "$tmp/out.py" 2>"$tmp/err"; then
        bad=$((bad + 1)); echo "FAIL: $base: nnc failed"; cat "$tmp/err"; continue
    fi
    diff -u "$exp" "$tmp/out.py" || { bad=$((bad + 1)); echo "FAIL: $base differs from expected"; }
    rm -f "$tmp/out.py"
done
echo "golden generated files: $((n - bad)) of $n as expected"
[ $n -gt 0 ] && [ $bad -eq 0 ]
