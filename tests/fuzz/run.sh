#!/bin/sh
# run.sh - build the libFuzzer targets with clang and run each for
# FUZZ_SECONDS on a seed corpus taken from the tests.  A crash, hang, leak
# or sanitizer report fails the run and leaves the input in $FUZZ_DIR;
# each one found becomes a regression file in the matching corpus.
# Environment (from `make fuzz`): FUZZ_CC, FUZZ_SECONDS, FUZZ_DIR, SRCS (the
# library's sources, relative to srcdir or builddir), srcdir, CPPFLAGS, LIBS.
set -u
: "${FUZZ_CC:=clang}" "${FUZZ_SECONDS:=60}" "${FUZZ_DIR:=fuzz}"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
mkdir -p "$FUZZ_DIR"

objs=
for s in $SRCS; do
    case $s in *.c) ;; *) continue ;; esac
    if [ -f "$s" ]; then f=$s; else f="$srcdir/$s"; fi
    objs="$objs $f"
done

# seeds: target name and the test files that exercise it
seeds_dsl="$srcdir/examples/*.nn $srcdir/tests/golden/dsl/*.nn $srcdir/tests/dsl-bad/*.nn"
seeds_python="$srcdir/tests/python-bad/*.py $srcdir/examples/pytorch/*.py"
seeds_xmi="$srcdir/tests/xmi-bad/*.xmi $srcdir/tests/xmi-bad/*.uml $srcdir/tests/xmi/*.uml"
seeds_m2m="$srcdir/tests/fuzz/regress/m2m_*.py $srcdir/examples/pytorch/*.py $srcdir/examples/keras/*.py $srcdir/tests/torch/bad/*.py $srcdir/tests/keras/bad/*.py"

status=0
for t in dsl python xmi m2m; do
    bin="$FUZZ_DIR/fuzz_$t"
    echo "== fuzz_$t: building"
    # shellcheck disable=SC2086
    $FUZZ_CC $flags -std=c11 -D_POSIX_C_SOURCE=200809L $CPPFLAGS \
        "$srcdir/tests/fuzz/fuzz_$t.c" $objs -o "$bin" $LIBS || { status=1; continue; }
    corpus="$FUZZ_DIR/corpus_$t"
    mkdir -p "$corpus"
    eval "cp \$seeds_$t \"\$corpus\"/ 2>/dev/null"
    if [ $t = xmi ] && [ -x ./nnc ]; then # valid documents too
        for f in "$srcdir"/examples/*.nn; do
            ./nnc "$f" --target xmi -o "$corpus/$(basename "$f").xmi" --force 2>/dev/null
        done
    fi
    echo "== fuzz_$t: $FUZZ_SECONDS s on $(ls "$corpus" | wc -l) seeds"
    (cd "$FUZZ_DIR" && "./fuzz_$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 "corpus_$t" \
        >"fuzz_$t.log" 2>&1)
    rc=$?
    grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$FUZZ_DIR/fuzz_$t.log" | tail -n 2
    if [ $rc -ne 0 ]; then
        status=1
        echo "FAIL: fuzz_$t found a problem:"
        grep -E "ERROR|SUMMARY|Test unit written" "$FUZZ_DIR/fuzz_$t.log" | head -n 10
    fi
done
exit $status
