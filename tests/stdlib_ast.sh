#!/bin/sh
# stdlib_ast.sh - nnc's Python front end against CPython's ast over the stdlib.
exec "${PYTHON:-python3}" "$top_srcdir/tests/stdlib_ast.py" "$top_builddir/tests/pydump_tool"
