#!/bin/sh
# kweights.sh - nnc --weights from Keras to PyTorch: first its contract (a
# target of the wrong framework, --channels first, a missing package, a
# file that is not Keras weights of the model, an existing state_dict file:
# each an error that writes nothing); then every examples/keras/X.py
# migrated to torch-sub with its source's saved Keras weights converted in
# the same run, the PyTorch model loaded with load_state_dict computing what
# the source computes (tests/keras/keras_weights.py, one Python process).
set -u
. "$top_srcdir/tests/weights_contract.sh"
src="$top_srcdir/examples/keras/mlp_regression.py"
echo "not weights" >"$tmp/w/src.bad.weights.h5"
out="$tmp/w/m.py"
check "--weights, Keras to a Keras target" 2 "$NNC" "$src" -t tf-sub -o "$out" --weights "$tmp/w/src.weights.h5"
says "--weights, Keras to a Keras target" "needs --target 'torch-sub'"
check "--weights, --channels first" 1 "$NNC" "$src" -t torch-sub --channels first -o "$out" \
    --weights "$tmp/w/src.weights.h5" --python "$PYTHON"
says "--weights, --channels first" "no load_keras_weights"
check "--weights, torch missing" 3 env PYTHONPATH="$tmp/w/fake" "$NNC" "$src" -t torch-sub -o "$out" \
    --weights "$tmp/w/src.weights.h5" --python "$PYTHON"
says "--weights, torch missing" "needs the Python package 'torch'"
check "--weights, not Keras weights" 1 "$NNC" "$src" -t torch-sub -o "$out" \
    --weights "$tmp/w/src.bad.weights.h5" --python "$PYTHON"
says "--weights, not Keras weights" "is not a Keras weights file of this model"
nothing "the failed conversions"
echo "kept" >"$tmp/w/m.pt"
check "--weights over an existing file" 3 "$NNC" "$src" -t torch-sub -o "$out" \
    --weights "$tmp/w/src.bad.weights.h5" --python "$PYTHON"
grep -q "^kept$" "$tmp/w/m.pt" && [ ! -e "$out" ] ||
    { bad=$((bad + 1)); echo "FAIL: an existing state_dict file replaced, or the code written"; }
echo "kweights.sh: the --weights contract (Keras to PyTorch): $bad failures"
"$PYTHON" "$top_srcdir/tests/keras/keras_weights.py" "$NNC" "$top_srcdir"/examples/keras/*.py || bad=$((bad + 1))
exit $((bad > 0))
