#!/bin/sh
# m2m_bad.sh - unmappable PyTorch constructs (tests/torch/bad), see m2m_bad_run.sh.
exec sh "$top_srcdir/tests/m2m_bad_run.sh" torch PyTorch
