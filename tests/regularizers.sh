#!/bin/sh
# regularizers.sh - a Keras source's kernel_regularizer=l2(f) on every
# kernel reaches the config as kernel_l2, and the generated training code
# of both frameworks adds the same penalty (tests/regularizers/penalty.py).
set -u
exec nice "$PYTHON" "$top_srcdir/tests/regularizers/penalty.py" "$NNC" "$top_srcdir/tests/regularizers"
