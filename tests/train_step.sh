#!/bin/sh
# train_step.sh - one training-mode batch through every generated model of
# tests/train_step (a pivot, PyTorch and Keras source of one model): the
# BatchNorm momentum and the Dropout rate must survive the migration, which
# inference-mode oracles cannot see (tests/equiv/train_step.py).
set -u
exec nice "$PYTHON" "$top_srcdir/tests/equiv/train_step.py" "$NNC" "$top_srcdir/tests/train_step"
