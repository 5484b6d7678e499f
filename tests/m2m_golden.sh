#!/bin/sh
# m2m_golden.sh - PyTorch to pivot on examples/pytorch, see m2m_golden_run.sh.
exec sh "$top_srcdir/tests/m2m_golden_run.sh" pytorch torch PyTorch
