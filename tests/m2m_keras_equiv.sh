#!/bin/sh
# m2m_keras_equiv.sh - every Keras example migrated to every target computes
# what its source computes (tests/keras/equiv.py), and TF -> PyTorch -> TF too.
set -u
exec "$PYTHON" "$top_srcdir/tests/keras/equiv.py" "$NNC" "$top_srcdir"/examples/keras/*.py
