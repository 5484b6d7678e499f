#!/bin/sh
# m2m_equiv.sh - source vs migrated: every examples/pytorch/X.py, migrated to
# every target directly and through its printed pivot, computes what the
# source computes (same weights, random inputs, max abs diff <= 1e-5); see
# tests/equiv/torch_equiv.py and the per-file table tests/equiv/torch_sources.py.
set -u
exec "$PYTHON" "$top_srcdir/tests/equiv/torch_equiv.py" "$NNC" "$top_srcdir/examples/pytorch"
