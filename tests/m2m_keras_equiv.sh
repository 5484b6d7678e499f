#!/bin/sh
# m2m_keras_equiv.sh - every Keras example migrated to every target computes
# what its source computes (tests/keras/keras_equiv.py), and TF -> PyTorch -> TF too.
set -u
exec "$PYTHON" "$top_srcdir/tests/keras/keras_equiv.py" "$NNC" "$top_srcdir"/examples/keras/*.py
