#!/bin/sh
# verify.sh - nnc --verify: its contract (usage errors, a .nn source with no
# source model, Keras -> PyTorch before the generated module can load Keras
# weights, a missing interpreter); then passing checks in every available
# direction, in batch mode (one verdict per file, one Python process per
# file, two at a time); then generated files broken by hand after nnc wrote
# them, checked with --verify-only: each must fail with status 7, naming the
# output and its difference.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
ex="$top_srcdir/examples"
check() { # description, expected status, command...
    d=$1; want=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ $rc -ne "$want" ]; then bad=$((bad + 1)); echo "FAIL: $d: status $rc, expected $want"; cat "$tmp/out" "$tmp/err"; fi
}
says() { # description, file, text it must hold
    grep -q -- "$3" "$2" || { bad=$((bad + 1)); echo "FAIL: $1: no '$3' in"; cat "$2"; }
}
mkdir "$tmp/w"
lenet="$ex/pytorch/lenet5.py"

# ---- the contract ----------------------------------------------------------
check "--verify without a code target" 2 "$NNC" "$lenet" --emit-dsl --verify
says "--verify without a code target" "$tmp/err" "needs --target"
check "--verify to stdout" 2 "$NNC" "$lenet" -t torch-sub -o - --verify
check "--tolerance without --verify" 2 "$NNC" "$lenet" -t torch-sub -o "$tmp/w/x.py" --tolerance 1e-3
check "--tolerance not a number" 2 "$NNC" "$lenet" -t torch-sub --verify --tolerance -1
check "--verify-only with -o" 2 "$NNC" "$lenet" -t torch-sub --verify-only "$tmp/w/x.py" -o "$tmp/w/y.py"
check "--verify on a .nn file" 2 "$NNC" "$ex/alexnet.nn" -t torch-sub -o "$tmp/w/x.py" --verify \
    --python "$PYTHON"
says "--verify on a .nn file" "$tmp/err" "(a pivot) has none"
check "--verify, no such interpreter" 3 "$NNC" "$lenet" -t torch-sub -o "$tmp/w/x.py" --verify \
    --python "$tmp/no-python"
says "--verify, no such interpreter" "$tmp/err" "cannot run '$tmp/no-python'"
check "--verify, input shape unknown" 1 "$NNC" "$ex/pytorch/gru_classifier.py" -t torch-sub \
    -o "$tmp/w/x.py" -f --verify --python "$PYTHON"
says "--verify, input shape unknown" "$tmp/err" "give it with --input-shape"
rm -f "$tmp/w/x.py"
# Keras -> PyTorch: verified when the generated module loads Keras weights,
# else refused before anything is written.
"$NNC" "$ex/keras/lenet5_seq.py" -t torch-sub -o "$tmp/w/k.py" 2>/dev/null
if grep -q "^def load_keras_weights(" "$tmp/w/k.py"; then
    check "Keras -> torch-sub" 0 "$NNC" "$ex/keras/lenet5_seq.py" -t torch-sub --verify-only \
        "$tmp/w/k.py" --python "$PYTHON"
else
    check "Keras -> torch-sub (not available yet)" 2 "$NNC" "$ex/keras/lenet5_seq.py" -t torch-sub \
        -o "$tmp/w/k2.py" --verify --python "$PYTHON"
    says "Keras -> torch-sub (not available yet)" "$tmp/err" "Keras -> PyTorch is not available yet"
    [ ! -e "$tmp/w/k2.py" ] || { bad=$((bad + 1)); echo "FAIL: the refused check wrote its file"; }
fi
echo "verify.sh: the contract: $bad failures"

# ---- passing checks, every direction: one verdict line per file ------------
batch() { # target, files...: every file verified
    t=$1; shift
    mkdir -p "$tmp/$t"
    "$NNC" --target "$t" -d "$tmp/$t" -j 2 --verify --python "$PYTHON" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    n=$(grep -c "^ok " "$tmp/out")
    v=$(grep -c -- "--verify: output '.*' within tolerance" "$tmp/err")
    echo "verify.sh: $t: $n of $# files verified"
    if [ $rc -ne 0 ] || [ "$n" -ne $# ] || [ "$v" -ne $# ]; then
        bad=$((bad + 1)); echo "FAIL: --verify --target $t: status $rc, $n ok, $v verdicts"
        cat "$tmp/out" "$tmp/err"
    fi
}
tp="$ex/pytorch"
kp="$ex/keras"
batch tf-sub "$tp/residual_block.py" "$tp/cnn_bn_adaptive.py" "$tp/lstm_text.py"
batch torch-sub "$tp/residual_block.py" "$tp/se_block.py" "$tp/lstm_text.py"
batch torch-seq "$tp/nested_sequential.py" "$tp/mlp_mnist.py"
batch tf-seq "$kp/lenet5_seq.py" "$kp/mlp_mnist_seq.py"
batch tf-sub "$kp/cnn_batchnorm_sub.py" "$kp/lstm_text_functional.py"

# ---- with the source's own trained weights ---------------------------------
"$PYTHON" - "$lenet" "$tmp/w/lenet.pt" "$tmp/w/other.pt" <<'PY' || { echo "FAIL: the fixtures"; exit 1; }
import importlib.util, sys, torch
spec = importlib.util.spec_from_file_location("src", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
torch.manual_seed(7)
torch.save(module.LeNet5().state_dict(), sys.argv[2])
torch.save({"fc1.weight": torch.zeros(3)}, sys.argv[3])
PY
check "--verify --weights" 0 "$NNC" "$lenet" -t torch-sub -o "$tmp/w/l.py" --verify \
    --weights "$tmp/w/lenet.pt" --python "$PYTHON"
says "--verify --weights" "$tmp/out" "the weights in $tmp/w/lenet.pt"
check "--verify --weights of another model" 1 "$NNC" "$lenet" -t torch-sub --verify-only \
    "$tmp/w/l.py" --weights "$tmp/w/other.pt" --python "$PYTHON"

# ---- generated files broken by hand: the check must see it -----------------
broken() { # description, source, target, output named, sed script
    d=$1; s=$2; t=$3; o=$4; edit=$5
    g="$tmp/w/broken_$t.py"
    "$NNC" "$s" -t "$t" -o "$g" -f 2>/dev/null
    cp "$g" "$g.orig"
    sed -i "$edit" "$g"
    if cmp -s "$g" "$g.orig"; then bad=$((bad + 1)); echo "FAIL: $d: the edit changed nothing"; return; fi
    check "$d" 7 "$NNC" "$s" -t "$t" --verify-only "$g" --python "$PYTHON"
    says "$d" "$tmp/err" "output '$o' differs from the source's: max abs diff [0-9]"
    says "$d" "$tmp/out" "DIFFERS"
}
broken "torch-sub, tanh made sigmoid" "$lenet" torch-sub fc3 \
    's/x = torch.tanh(self.fc2(x))/x = torch.sigmoid(self.fc2(x))/'
broken "tf-sub, tanh made sigmoid" "$lenet" tf-sub fc3 \
    's/layers.Dense(84, activation="tanh"/layers.Dense(84, activation="sigmoid"/'
broken "Keras tf-sub, the residual sum made a difference" "$kp/residual_sub.py" tf-sub head \
    's/^        x = add + x$/        x = add - x/'
# the same file, as nnc wrote it, passes: the failures above are the edits'
cp "$tmp/w/broken_tf-sub.py.orig" "$tmp/w/as_written.py"
check "--verify-only on the file as written" 0 "$NNC" "$kp/residual_sub.py" -t tf-sub \
    --verify-only "$tmp/w/as_written.py" --python "$PYTHON"
# a change of 1e-3: beyond the default tolerance, within --tolerance 1e-2
sed -i 's/^        x = add - x$/        x = add + x * 1.001/' "$tmp/w/broken_tf-sub.py"
check "a change of 1e-3, default tolerance" 7 "$NNC" "$kp/residual_sub.py" -t tf-sub \
    --verify-only "$tmp/w/broken_tf-sub.py" --python "$PYTHON"
check "a change of 1e-3, --tolerance 1e-2" 0 "$NNC" "$kp/residual_sub.py" -t tf-sub \
    --verify-only "$tmp/w/broken_tf-sub.py" --tolerance 1e-2 --python "$PYTHON"
echo "verify.sh: $bad failures"
exit $((bad > 0))
