#!/bin/sh
# m2m_golden_run.sh EXAMPLES DIR LABEL - one framework's reader: every
# examples/EXAMPLES/X.py migrates (exit 0) to exactly tests/golden/DIR/X.nn,
# which is valid and canonical.  Prints the migration success figure: files
# migrated / files tried.  Run by m2m_golden.sh and m2m_keras_golden.sh.
examples=$1 dir=$2 label=$3
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; ok=0; bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
for f in "$top_srcdir"/examples/$examples/*.py; do
    n=$((n + 1))
    b=$(basename "$f" .py)
    if ! "$NNC" "$f" --emit-dsl -o "$tmp/$b.nn" 2>"$tmp/err"; then
        fail "$b: nnc failed"; cat "$tmp/err"; continue
    fi
    ok=$((ok + 1))
    exp="$top_srcdir/tests/golden/$dir/$b.nn"
    if [ ! -f "$exp" ]; then fail "$b: no golden file"; continue; fi
    diff -u "$exp" "$tmp/$b.nn" >"$tmp/diff" || { fail "$b differs from its golden file"; cat "$tmp/diff"; }
    "$NNC" "$exp" --check 2>"$tmp/err" || { fail "$b: golden file does not validate"; cat "$tmp/err"; }
done
echo "$label files migrated: $ok of $n"
[ $bad -eq 0 ]
