#!/bin/sh
# m2m_keras_bad.sh - unmappable Keras constructs (tests/keras/bad), see m2m_bad_run.sh.
exec sh "$top_srcdir/tests/m2m_bad_run.sh" keras Keras
