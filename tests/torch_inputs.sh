#!/bin/sh
# torch_inputs.sh - a PyTorch model whose forward takes several tensors:
# every such example makes the round trip PyTorch -> .nn -> torch-sub ->
# PyTorch reader to the same .nn (comments aside); --input-shape NAME=...
# sets one input's shape, in the source's layout; an input named x becomes
# x_in and a parameter with a default is no input; --channels first takes
# each input in the layout its first reader needs; the shapes given wrongly
# are located errors (doc/m2m-torch.md "Several inputs").
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
ex="$top_srcdir/examples/pytorch"
run() { # WANT-STATUS ARGS...: run nnc into $tmp/out and $tmp/err
    want=$1; shift
    "$NNC" "$@" -o "$tmp/out" -f 2>"$tmp/err"
    rc=$?
    [ $rc -eq "$want" ] || { fail "nnc $*: exit $rc, not $want"; cat "$tmp/err"; }
}
has() { grep -q -- "$2" "$1" || { fail "$3: no '$2' in $(basename "$1")"; cat "$1"; }; }

# The round trip of each example of several inputs.
trips=0
for f in "$ex"/*.py; do
    grep -q "^    def forward(self, [a-z_]*, [a-z_]*[,)]" "$f" || continue
    b=$(basename "$f" .py)
    "$NNC" "$f" --emit-dsl -o "$tmp/$b.nn" -f 2>"$tmp/err" &&
    grep -q "^    inputs:" "$tmp/$b.nn" || continue # a block of several inputs: one input
    trips=$((trips + 1))
    "$NNC" "$f" --target torch-sub -o "$tmp/$b.gen.py" -f 2>"$tmp/err" &&
    "$NNC" "$tmp/$b.gen.py" --emit-dsl -o "$tmp/$b.back.nn" -f 2>>"$tmp/err" ||
        { fail "$b: torch-sub or its reading failed"; cat "$tmp/err"; continue; }
    grep -v '^ *#' "$tmp/$b.nn" >"$tmp/a"
    grep -v '^ *#' "$tmp/$b.back.nn" >"$tmp/b"
    diff -u "$tmp/a" "$tmp/b" || fail "$b: PyTorch -> .nn -> torch-sub -> .nn differs"
done
[ $trips -ge 2 ] || fail "only $trips examples of several inputs found"

# --input-shape NAME=...: channels first, as the source takes the image.
run 0 "$ex/image_tabular.py" --emit-dsl --input-shape image=3,16,16
has "$tmp/out" "input_shape=\[3, 16, 16\]" "image=3,16,16"
has "$tmp/out" "input_shape=\[5\]" "features from the sample call"
run 0 "$ex/two_tower.py" --emit-dsl --input-shape user=12
has "$tmp/out" "input_shape=\[20\]" "item from its Linear"

# Renamed x, and a parameter with a default that is no input.
run 0 "$top_srcdir/tests/torch/inputs/x_and_y.py" --emit-dsl
has "$tmp/out" "- x_in:" "x renamed"
has "$tmp/out" "name_layer_input=\"x_in\"" "x renamed where used"
grep -q "scale" "$tmp/out" && fail "a parameter with a default became an input"

# A .nn of several inputs: NAME=... replaces that input's shape.
run 0 "$top_srcdir/tests/golden/inputs/two_inputs.nn" --emit-dsl --input-shape image=6,6,3
has "$tmp/out" "input_shape=\[6, 6, 3\]" ".nn image=6,6,3"

# --channels first with several inputs: torch-sub takes the image channels
# first (no move before its convolution), the vector as it is; tf-sub, as
# for one input, channels last.
nn="$top_srcdir/tests/golden/inputs/two_inputs.nn"
run 0 "$nn" --target torch-sub --channels first
has "$tmp/out" 'INPUT_SHAPES = {"image": (3, 8, 8), "features": (5,)}' "torch-sub --channels first"
has "$tmp/out" "self.conv(image)" "the image straight into its convolution"
run 0 "$nn" --target tf-sub --channels first
has "$tmp/out" 'INPUT_SHAPES = {"image": (8, 8, 3), "features": (5,)}' "tf-sub --channels first"

# Located errors, and the option's own.
run 1 "$ex/image_tabular.py" --emit-dsl --input-shape 3,16,16
has "$tmp/err" "image_tabular.py:[0-9]*:5: error: forward takes 2 inputs and --input-shape gives one" "unnamed"
run 1 "$ex/image_tabular.py" --emit-dsl --input-shape picture=3,16,16
has "$tmp/err" "image_tabular.py:[0-9]*:5: error: --input-shape names 'picture'" "unknown name"
has "$tmp/err" '^ *\^' "caret"
run 1 "$top_srcdir/tests/golden/inputs/two_inputs.nn" --emit-dsl --input-shape picture=6,6,3
has "$tmp/err" "no input named 'picture'" ".nn unknown name"
run 2 "$ex/image_tabular.py" --emit-dsl --input-shape image=3,16,16 --input-shape image=3,8,8
run 2 "$ex/image_tabular.py" --emit-dsl --input-shape image=3,16,16 --input-shape 5
run 2 "$ex/image_tabular.py" --emit-dsl --input-shape 1image=3

echo "several inputs of PyTorch models: $trips round trips, $bad failures"
[ $bad -eq 0 ]
