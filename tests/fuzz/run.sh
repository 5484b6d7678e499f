#!/bin/sh
# run.sh - build the libFuzzer targets with clang and run each for
# FUZZ_SECONDS on a seed corpus taken from the tests.  A crash, hang, leak
# or sanitizer report fails the run and leaves the input in $FUZZ_DIR;
# each one found becomes a regression file in the matching corpus.
# The library is compiled once and linked into every target, and the
# targets run side by side, JOBS at a time: a fuzzer is one process on one
# processor, and run one after the other they took JOBS times as long.
# Environment (from `make fuzz`): FUZZ_CC, FUZZ_SECONDS, FUZZ_DIR, SRCS (the
# library's sources, relative to srcdir or builddir), srcdir, CPPFLAGS, LIBS,
# JOBS.
set -u
: "${FUZZ_CC:=clang}" "${FUZZ_SECONDS:=60}" "${FUZZ_DIR:=fuzz}" "${JOBS:=2}"
common="-g -O1 -fno-sanitize-recover=all -std=c11 -D_POSIX_C_SOURCE=200809L"
sanitizers="address,undefined"
TARGETS="dsl python xmi m2m"

# --compile SRC: one library source, instrumented, into $FUZZ_DIR/obj
# (fuzzer-no-link: libFuzzer's main is linked into the targets only)
if [ "${1:-}" = --compile ]; then
    o="$FUZZ_DIR/obj/$(echo "$2" | tr '/.' '__').o"
    # shellcheck disable=SC2086
    $FUZZ_CC $common -fsanitize=fuzzer-no-link,$sanitizers $CPPFLAGS -c "$2" -o "$o" || exit 255
    exit 0
fi

# seeds: target name and the test files that exercise it
seeds_dsl="$srcdir/examples/*.nn $srcdir/tests/golden/dsl/*.nn $srcdir/tests/dsl-bad/*.nn"
seeds_python="$srcdir/tests/python-bad/*.py $srcdir/examples/pytorch/*.py"
seeds_xmi="$srcdir/tests/xmi-bad/*.xmi $srcdir/tests/xmi-bad/*.uml $srcdir/tests/xmi/*.uml"
seeds_m2m="$srcdir/tests/fuzz/regress/m2m_*.py $srcdir/examples/pytorch/*.py $srcdir/examples/keras/*.py $srcdir/tests/torch/bad/*.py $srcdir/tests/keras/bad/*.py"

# --run T: fuzz target T for FUZZ_SECONDS; exit 1 and say why on a finding
if [ "${1:-}" = --run ]; then
    t=$2
    corpus="$FUZZ_DIR/corpus_$t"
    mkdir -p "$corpus"
    eval "cp \$seeds_$t \"\$corpus\"/ 2>/dev/null"
    if [ "$t" = xmi ] && [ -x ./nnc ]; then # valid documents too
        for f in "$srcdir"/examples/*.nn; do
            ./nnc "$f" --target xmi -o "$corpus/$(basename "$f").xmi" --force 2>/dev/null
        done
    fi
    seeds=$(ls "$corpus" | wc -l)
    (cd "$FUZZ_DIR" && "./fuzz_$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 "corpus_$t" \
        >"fuzz_$t.log" 2>&1)
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$FUZZ_DIR/fuzz_$t.log")
    echo "== fuzz_$t: $FUZZ_SECONDS s on $seeds seeds, ${runs:-?} runs"
    if [ $rc -ne 0 ]; then
        echo "FAIL: fuzz_$t found a problem:"
        grep -E "ERROR|SUMMARY|Test unit written" "$FUZZ_DIR/fuzz_$t.log" | head -n 10
        exit 1
    fi
    exit 0
fi

rm -rf "$FUZZ_DIR/obj" && mkdir -p "$FUZZ_DIR/obj" || exit 1
srcs=
for s in $SRCS; do
    case $s in *.c) ;; *) continue ;; esac
    if [ -f "$s" ]; then srcs="$srcs $s"; else srcs="$srcs $srcdir/$s"; fi
done
echo "== building the library for the fuzzers"
# shellcheck disable=SC2086
printf '%s\n' $srcs | xargs -P "$JOBS" -n 1 sh "$0" --compile || exit 1
status=0
built=
for t in $TARGETS; do
    # shellcheck disable=SC2086
    $FUZZ_CC $common -fsanitize=fuzzer,$sanitizers $CPPFLAGS "$srcdir/tests/fuzz/fuzz_$t.c" \
        "$FUZZ_DIR"/obj/*.o -o "$FUZZ_DIR/fuzz_$t" $LIBS && built="$built $t" || status=1
done
# shellcheck disable=SC2086
printf '%s\n' $built | xargs -P "$JOBS" -n 1 sh "$0" --run || status=1
exit $status
