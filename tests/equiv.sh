#!/bin/sh
# equiv.sh - the equivalence oracle: every example and test model, all
# targets, same weights, same outputs within 1e-5 (tests/equiv/equiv.py).
set -u
exec "$PYTHON" "$top_srcdir/tests/equiv/equiv.py" "$NNC" \
    "$top_srcdir"/examples/*.nn "$top_srcdir"/tests/models/*.nn \
    "$top_srcdir"/tests/golden/inputs/two_inputs.nn
