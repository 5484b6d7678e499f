#!/bin/sh
# run.sh - make bench: nnc against BESSER, scaling, the Python front end
# against CPython, and batch mode, in one run, as Markdown on stdout.
# Environment (set by make bench): NNC, top_srcdir, top_builddir, PYTHON,
# BENCH_SIZES, BENCH_REPS, BENCH_FILES.  Fails when a bench fails, and when
# time or memory does not grow linearly; the 100x target is reported only.
set -u
status=0
cpus=$(getconf _NPROCESSORS_ONLN)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "# nnc speed, $(date -u +%Y-%m-%d)"
echo
echo "$(uname -sm), ${cpu:-unknown CPU}, $cpus CPUs, load average at the start: $load."

printf '\n## nnc against BESSER\n\n'
"$PYTHON" "$top_srcdir/bench/vs_besser.py" --nnc "$NNC" --compile "$top_builddir/bench/compile" \
    --reps "$BENCH_REPS" "$top_srcdir"/examples/*.nn || status=1

printf '\n## Scaling\n\n'
"$top_builddir/bench/scale" $BENCH_SIZES || status=1

printf '\n## Keras reader: chains of Dense layers\n\n'
"$PYTHON" "$top_srcdir/bench/keras_scale.py" --nnc "$NNC" 1000 10000 || status=1

printf '\n## PyTorch reader scaling\n\n'
"${SHELL:-sh}" "$top_srcdir/bench/torch_scale.sh" "$NNC" "$PYTHON" 5000 || status=1

printf '\n## Python front end against ast.parse\n\n'
"$PYTHON" "$top_srcdir/bench/stdlib.py" --pydump-tool "$top_builddir/tests/pydump_tool" \
    --test-script "$top_srcdir/tests/stdlib_ast.py" || status=1

printf '\n## Batch mode\n\n'
"${SHELL:-sh}" "$top_srcdir/bench/batch.sh" "$NNC" "$top_srcdir" "$BENCH_FILES" || status=1
exit $status
