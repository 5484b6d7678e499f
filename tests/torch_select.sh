#!/bin/sh
# torch_select.sh - which model of a PyTorch file nnc migrates and what it
# says: --class takes a factory function, a class or a variable; without it
# a class needing arguments gives way to the file's first factory, named in
# a note with the others; an unknown --class lists what the file offers;
# an import cycle between project files is an error in the file at fault.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
ex="$top_srcdir/examples/pytorch"
sel="$top_srcdir/tests/torch/select"
run() { # WANT-STATUS ARGS...: run nnc into $tmp/out and $tmp/err
    want=$1; shift
    "$NNC" "$@" --emit-dsl -o "$tmp/out" -f 2>"$tmp/err"
    rc=$?
    [ $rc -eq "$want" ] || { fail "nnc $*: exit $rc, not $want"; cat "$tmp/err"; }
}
has() { grep -q -- "$2" "$1" || { fail "$3: no '$2' in $(basename "$1")"; cat "$1"; }; }
hasnt() { ! grep -q -- "$2" "$1" || fail "$3: '$2' in $(basename "$1")"; }

run 0 "$ex/factory_resnet.py"
has "$tmp/err" "factory_resnet.py:[0-9]*:1: note: migrating the factory 'ResNet18'; the file's factories are ResNet18, ResNet34" "default"
has "$tmp/out" "layer2_1" "ResNet18 has two blocks in layer2"
hasnt "$tmp/out" "layer2_2" "ResNet18 has two blocks in layer2"

run 0 "$ex/factory_resnet.py" --class ResNet34
has "$tmp/out" "layer2_3" "ResNet34 has four blocks in layer2"
hasnt "$tmp/err" "note" "--class ResNet34"

run 1 "$ex/factory_resnet.py" --class ResNet
has "$tmp/err" "factory_resnet.py:41:24: error: 'ResNet' needs arguments (block, num_blocks): instantiate it in the file, or pass --class with a function that builds it" "--class ResNet"
hasnt "$tmp/err" ":1:1: error" "--class ResNet"

run 1 "$ex/factory_resnet.py" --class ResNet50
has "$tmp/err" "no model called 'ResNet50' in this file; its model classes are BasicBlock, ResNet; its factories are ResNet18, ResNet34" "--class ResNet50"

run 0 "$sel/variable.py" --class other
has "$tmp/out" "out_features=3" "--class other (a variable)"
run 0 "$sel/variable.py" --class net
has "$tmp/out" "out_features=6" "--class net (a variable)"

run 1 "$sel/cycle_main.py"
has "$tmp/err" "select/cycle/b.py:4:12: error: import cycle: .*cycle/a.py is imported again while it runs" "import cycle"

[ $bad -eq 0 ] && echo "model selection: all checks passed"
[ $bad -eq 0 ]
