#!/bin/sh
# block_class.sh - one generated class per source block (m2t/block_class.c):
# factory_resnet.py's four BasicBlock instances become, in torch-sub and
# tf-sub, exactly one class BasicBlock built with different explicit
# arguments (three alike instances) and one BasicBlock2 (the one with a
# downsample branch); no class is named after a position (Layer10); Keras's
# get_config returns every constructor parameter; the class list survives
# PyTorch -> tf-sub -> torch-sub; the readers record source_class.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
src="$top_srcdir/examples/pytorch/factory_resnet.py"
classes() { grep '^class ' "$1" | sed 's/(.*//; s/^class //' | tr '\n' ' '; }

for t in torch-sub tf-sub; do
    n=$((n + 1))
    out="$tmp/fr.$t.py"
    "$NNC" "$src" --target $t -o "$out" 2>"$tmp/err" || { fail "$t failed"; cat "$tmp/err"; continue; }
    [ "$(grep -c '^class BasicBlock(' "$out")" -eq 1 ] || fail "$t: not exactly one class BasicBlock"
    [ "$(grep -c '^class BasicBlock2(' "$out")" -eq 1 ] || fail "$t: no class BasicBlock2"
    grep -q '^class Layer[0-9]' "$out" && fail "$t: a class named after a position"
    uses=$(grep -o '= BasicBlock([^)]*)' "$out" | sed 's/, name=.*//' | sort -u | wc -l)
    [ "$(grep -c '= BasicBlock(' "$out")" -eq 3 ] || fail "$t: BasicBlock is not built three times"
    [ "$uses" -ge 2 ] || fail "$t: the BasicBlock instances are not built with different arguments"
    grep -q '= BasicBlock(out_channels=16' "$out" || fail "$t: no explicit out_channels=16"
    grep -q 'def __init__(self, out_channels[,)]' "$out" || fail "$t: no out_channels parameter"
done

# Keras: get_config returns each constructor parameter of each class.
n=$((n + 1))
awk '/^class /{c=$0} /def __init__\(self, [a-z]/{print c "|" $0}' "$tmp/fr.tf-sub.py" >"$tmp/inits"
while IFS='|' read -r cls init; do
    for p in $(echo "$init" | sed 's/.*(self, //; s/\*\*kwargs).*//; s/,/ /g'); do
        sed -n "/^${cls%%(*}(/,/^@keras/p" "$tmp/fr.tf-sub.py" | grep -q "\"$p\": self.$p," ||
            fail "tf-sub: ${cls#class } get_config lacks $p"
    done
done <"$tmp/inits"
[ -s "$tmp/inits" ] || fail "tf-sub: no class takes parameters"

# PyTorch -> tf-sub -> torch-sub gives back the classes torch-sub writes
# (the Keras code has no input shape of its own: given here).
n=$((n + 1))
if "$NNC" "$tmp/fr.tf-sub.py" --input-shape 32,32,3 --target torch-sub -o "$tmp/back.py" 2>"$tmp/err"; then
    [ "$(classes "$tmp/back.py")" = "$(classes "$tmp/fr.torch-sub.py")" ] ||
        fail "round trip: classes $(classes "$tmp/back.py")instead of $(classes "$tmp/fr.torch-sub.py")"
    grep -q '= BasicBlock(out_channels=8)' "$tmp/back.py" || fail "round trip: arguments lost"
else
    fail "tf-sub -> torch-sub failed"; cat "$tmp/err"
fi

# The pivot records the source class of each instance, and XMI keeps it.
n=$((n + 1))
"$NNC" "$src" --emit-dsl -o "$tmp/fr.nn" 2>/dev/null
[ "$(grep -c 'source_class=BasicBlock$' "$tmp/fr.nn")" -eq 4 ] || fail "DSL: not four source_class=BasicBlock"
"$NNC" "$tmp/fr.nn" --target xmi -o "$tmp/fr.xmi" && "$NNC" "$tmp/fr.xmi" --emit-dsl -o "$tmp/back.nn" &&
    cmp -s "$tmp/fr.nn" "$tmp/back.nn" || fail "XMI does not keep source_class"

echo "block class checks: $n groups, $bad failures"
[ $bad -eq 0 ]
