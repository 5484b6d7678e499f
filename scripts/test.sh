#!/bin/sh
# test.sh - the whole test suite: make check (unit, golden, corpora,
# equivalence under PyTorch and TensorFlow), the same suite built with
# AddressSanitizer and UndefinedBehaviorSanitizer from the distribution
# tarball (make distcheck), and valgrind over the unit tests.
set -u
cd "$(dirname "$0")/.."

failed=0
make -j"$(nproc)" check || failed=1
if [ $failed -eq 0 ]; then
    echo "== make distcheck with --enable-sanitizers"
    make distcheck DISTCHECK_CONFIGURE_FLAGS="--enable-sanitizers PYTHON=$PWD/.venv/bin/python" \
        >distcheck.log 2>&1 || { tail -n 80 distcheck.log; failed=1; }
fi
if [ $failed -eq 0 ]; then
    echo "== valgrind over the unit tests"
    make check-valgrind || failed=1
fi

# One closing line for whoever reads the log: counts from make check.
pass=$(sed -n 's/^# PASS: *//p' test-suite.log 2>/dev/null | head -n 1)
fail=$(sed -n 's/^# FAIL: *//p' test-suite.log 2>/dev/null | head -n 1)
err=$(sed -n 's/^# ERROR: *//p' test-suite.log 2>/dev/null | head -n 1)
fail=$(( ${fail:-0} + ${err:-0} ))
if [ $failed -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
echo "tests: ${pass:-0} passed, $fail failed"
exit $failed
