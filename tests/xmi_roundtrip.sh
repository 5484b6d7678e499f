#!/bin/sh
# xmi_roundtrip.sh - the committed Ecore file is what the schema gives
# (they can never drift), and every example and test model prints identically
# after .nn -> XMI -> .nn (comments included); XMI written from the read-back
# model is byte-identical to the first.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
n=$((n + 1))
"$NNC" "$top_srcdir/examples/alexnet.nn" --target ecore -o "$tmp/gen.ecore" 2>/dev/null &&
    diff -u "$top_srcdir/xmi/besser_nn.ecore" "$tmp/gen.ecore" >"$tmp/diff" ||
    { fail "xmi/besser_nn.ecore differs from the schema (regenerate with: nnc any.nn --target ecore -o xmi/besser_nn.ecore --force)"; head -40 "$tmp/diff"; }
for f in "$top_srcdir"/examples/*.nn "$top_srcdir"/tests/golden/dsl/*.nn "$top_srcdir"/tests/models/*.nn "$top_srcdir"/tests/xmi/*.nn \
         "$top_srcdir"/tests/golden/inputs/*.nn; do
    [ -f "$f" ] || continue
    n=$((n + 1)); b=$(basename "$f" .nn)
    "$NNC" "$f" --emit-dsl -o "$tmp/$b.a.nn" 2>/dev/null || { fail "$b: nnc cannot print it"; continue; }
    "$NNC" "$f" --target xmi -o "$tmp/$b.xmi" 2>"$tmp/err" || { fail "$b: XMI export"; cat "$tmp/err"; continue; }
    "$NNC" "$tmp/$b.xmi" --emit-dsl -o "$tmp/$b.b.nn" 2>"$tmp/err" || { fail "$b: XMI import"; cat "$tmp/err"; continue; }
    cmp -s "$tmp/$b.a.nn" "$tmp/$b.b.nn" || { fail "$b: .nn -> XMI -> .nn differs"; diff -u "$tmp/$b.a.nn" "$tmp/$b.b.nn" | head -20; }
    "$NNC" "$tmp/$b.xmi" --target xmi -o "$tmp/$b.2.xmi" 2>/dev/null && cmp -s "$tmp/$b.xmi" "$tmp/$b.2.xmi" ||
        fail "$b: XMI -> pivot -> XMI is not identical"
done
echo "XMI round trip: $((n - bad)) of $n as expected"
[ $bad -eq 0 ]
