#!/bin/sh
# m2m_keras_golden.sh - Keras to pivot on examples/keras, see m2m_golden_run.sh.
exec sh "$top_srcdir/tests/m2m_golden_run.sh" keras keras Keras
