#!/bin/sh
# weights.sh - nnc --weights: first its contract (usage errors, a file that
# is not PyTorch, an unknown input shape, a missing interpreter or package,
# an unfitting state_dict, an existing weights file: each an error that
# writes nothing); then every examples/pytorch/X.py migrated to tf-sub with
# its source's saved state_dict converted in the same run, the Keras model
# loaded with load_weights computing what the source computes (see
# tests/equiv/torch_weights.py).
set -u
. "$top_srcdir/tests/weights_contract.sh"
src="$top_srcdir/examples/pytorch/residual_block.py"
"$PYTHON" - "$src" "$tmp/w/src.pt" "$tmp/w/src.bad.pt" <<'EOF' || { echo "FAIL: the fixtures"; exit 1; }
import importlib.util, sys, torch
spec = importlib.util.spec_from_file_location("src", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
state = module.model.state_dict()
torch.save(state, sys.argv[2])
state["extra.weight"] = torch.zeros(3)
torch.save(state, sys.argv[3])
EOF
out="$tmp/w/m.py"
check "--weights without a Keras target" 2 "$NNC" "$src" -t torch-sub -o "$out" --weights "$tmp/w/src.pt"
says "--weights without a Keras target" "needs --target 'tf-sub'"
check "--weights to stdout" 2 "$NNC" "$src" -t tf-sub -o - --weights "$tmp/w/src.pt"
check "--python alone" 2 "$NNC" "$src" -t tf-sub -o "$out" --python "$PYTHON"
check "--weights, several inputs" 2 "$NNC" "$src" "$src" -t tf-sub -d "$tmp/w" --weights "$tmp/w/src.pt"
check "--weights from a .nn file" 2 "$NNC" "$top_srcdir/examples/alexnet.nn" -t tf-sub -o "$out" \
    --weights "$tmp/w/src.pt" --python "$PYTHON"
says "--weights from a .nn file" "is not PyTorch code"
check "--weights, input shape unknown" 1 "$NNC" "$top_srcdir/examples/pytorch/gru_classifier.py" \
    -t tf-sub -o "$out" --weights "$tmp/w/src.pt" --python "$PYTHON"
says "--weights, input shape unknown" "give it with --input-shape"
check "--weights, no such interpreter" 3 "$NNC" "$src" -t tf-sub -o "$out" --weights "$tmp/w/src.pt" \
    --python "$tmp/no-python"
says "--weights, no such interpreter" "cannot run '$tmp/no-python'"
check "--weights, torch missing" 3 env PYTHONPATH="$tmp/w/fake" "$NNC" "$src" -t tf-sub -o "$out" \
    --weights "$tmp/w/src.pt" --python "$PYTHON"
says "--weights, torch missing" "needs the Python package 'torch'"
check "--weights, a state_dict that does not fit" 1 "$NNC" "$src" -t tf-sub -o "$out" \
    --weights "$tmp/w/src.bad.pt" --python "$PYTHON"
says "--weights, a state_dict that does not fit" "no place in the model: extra.weight"
check "--weights, not a state_dict" 1 "$NNC" "$src" -t tf-sub -o "$out" --weights "$src" \
    --python "$PYTHON"
nothing "the failed conversions"
check "--weights" 0 "$NNC" "$src" -t tf-sub -o "$out" --weights "$tmp/w/src.pt" --python "$PYTHON"
[ -s "$tmp/w/m.weights.h5" ] && [ -s "$out" ] || { bad=$((bad + 1)); echo "FAIL: --weights wrote no code or no weights"; }
rm "$out"
echo "kept" >"$tmp/w/m.weights.h5"
check "--weights over an existing file" 3 "$NNC" "$src" -t tf-sub -o "$out" --weights "$tmp/w/src.pt" \
    --python "$PYTHON"
grep -q "^kept$" "$tmp/w/m.weights.h5" && [ ! -e "$out" ] ||
    { bad=$((bad + 1)); echo "FAIL: an existing weights file replaced, or the code written"; }
check "--weights --force" 0 "$NNC" "$src" -t tf-sub -o "$out" --weights "$tmp/w/src.pt" \
    --python "$PYTHON" --force
grep -q "^kept$" "$tmp/w/m.weights.h5" && { bad=$((bad + 1)); echo "FAIL: --force kept the old weights"; }
echo "weights.sh: the --weights contract: $bad failures"
"$PYTHON" "$top_srcdir/tests/equiv/torch_weights.py" "$NNC" "$top_srcdir/examples/pytorch" || bad=$((bad + 1))
exit $((bad > 0))
