#!/bin/sh
# test.sh - the whole test suite, twice over the C code:
#  1. make distcheck, building the distribution tarball with AddressSanitizer
#     and UndefinedBehaviorSanitizer and running all of make check there
#     (unit, golden, corpora, and the equivalence tests under real PyTorch
#     and TensorFlow);
#  2. make check in the plain build, every test except the equivalence
#     scripts, whose generated Python is byte-for-byte what the golden tests
#     already check in this build and which ran in step 1 (so did the
#     Keras backend replays, which read what those scripts record, and the
#     weight conversion, --verify and Keras saving scripts, whose work is
#     Python's);
#  3. valgrind over the unit tests and the driver on every input corpus;
#  4. every libFuzzer target for 60 seconds.
set -u
cd "$(dirname "$0")/.."

failed=0
step() { echo "== $*"; }

step "make distcheck with --enable-sanitizers (the whole suite)"
# -j: the tests share the processors (the equivalence oracles use two threads each)
make -j"$(nproc)" distcheck DISTCHECK_CONFIGURE_FLAGS="--enable-sanitizers PYTHON=$PWD/.venv/bin/python KERAS_TORCH_VENV=$PWD/.venv-torch BUILD_VENV=$PWD/.venv-build TORCHVISION_DIR=$PWD/.cache/torchvision" \
    >distcheck.log 2>&1 || failed=1
grep -E "^(PASS|FAIL|ERROR|XPASS|# )" distcheck.log
[ $failed -eq 0 ] || tail -n 80 distcheck.log

step "make check (plain build)"
tests=$(make -s list-tests | tr ' ' '\n' | grep -v -E '(^|/)(equiv|m2m_equiv|m2m_keras_equiv|keras_backends|wheel|torchvision|keras_applications|weights|kweights|verify|keras_save)\.sh$' | tr '\n' ' ')
make -j"$(nproc)" check TESTS="$tests" || failed=1

if [ $failed -eq 0 ]; then
    step "valgrind"
    make check-valgrind || failed=1
fi
if [ $failed -eq 0 ]; then
    step "libFuzzer targets, 60 s each"
    make fuzz FUZZ_SECONDS=60 || failed=1
fi

# One closing line: the sanitized run's counts (the whole suite).
pass=$(sed -n 's/^# PASS: *//p' distcheck.log | head -n 1)
fail=$(sed -n 's/^# FAIL: *//p' distcheck.log | head -n 1)
err=$(sed -n 's/^# ERROR: *//p' distcheck.log | head -n 1)
fail=$(( ${fail:-0} + ${err:-0} ))
if [ $failed -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
echo "tests: ${pass:-0} passed, $fail failed"
exit $failed
