#!/bin/sh
# isolate.sh - the equivalence oracles run their models in worker processes:
# a model whose framework kills the process is reported with its signal and
# the others still run (tests/equiv/isolate_check.py).
set -u
exec "$PYTHON" "$top_srcdir/tests/equiv/isolate_check.py"
