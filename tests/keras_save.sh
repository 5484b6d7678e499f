#!/bin/sh
# keras_save.sh - the Keras code nnc writes saves and loads back: every
# example and test model migrated to tf-sub and tf-seq, saved with
# model.save() and loaded with keras.models.load_model() in a fresh Python
# process that imports the generated module first, computes the same
# outputs (tests/keras/save_load.py).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TF_CPP_MIN_LOG_LEVEL=3 "$PYTHON" "$top_srcdir/tests/keras/save_load.py" "$NNC" "$tmp" \
    "$top_srcdir"/examples/*.nn "$top_srcdir"/tests/models/*.nn \
    "$top_srcdir"/examples/pytorch/*.py "$top_srcdir"/examples/keras/*.py >"$tmp/out" 2>&1
status=$?
grep -v -E '^(WARNING|I0000|.*UserWarning|  warnings.warn)' "$tmp/out"
exit $status
