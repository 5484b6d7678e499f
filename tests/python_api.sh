#!/bin/sh
# python_api.sh - the Python API (python/nnc) under pytest, driving the nnc
# just built (tests/python/test_api.py).
set -u
venv=$BUILD_VENV
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pytest' 2>/dev/null; then
    echo "FAIL: no build environment with pytest (BUILD_VENV='$venv'): scripts/setup.sh makes it"
    exit 1
fi
cd "$top_srcdir/tests/python" || exit 1
NNC_BINARY=$NNC PYTHONPATH="$top_srcdir/python" PYTHONDONTWRITEBYTECODE=1 \
    exec "$venv/bin/python" -m pytest -q -p no:cacheprovider test_api.py
