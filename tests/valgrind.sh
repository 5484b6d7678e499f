#!/bin/sh
# valgrind.sh - valgrind over the unit tests and over the driver on every
# example, golden and malformed input of every front end, JOBS runs at a
# time (one valgrind run is single-threaded and takes about a second; run
# one after the other, the thousand runs took most of CI's valgrind step).
#
# `make check-valgrind` runs it from the build directory with srcdir,
# UNIT_TESTS and JOBS in the environment.  A run fails when valgrind reports
# anything (a memory error or a leak: its exit status is then 99 and its
# report lines start with ==PID==) or when nnc exits above 1 (1 is the
# verdict on bad input, which most of these files are).
set -u
: "${srcdir:=.}" "${JOBS:=2}" "${UNIT_TESTS:=}"
VALGRIND="valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99"

# one KIND ARG...: a single job, in its own scratch directory
if [ "${1:-}" = --one ]; then
    shift
    kind=$1; shift
    top=$PWD
    work=$(mktemp -d) || exit 255
    cd "$work" || exit 255
    case $kind in
    unit) $VALGRIND "$top/$1" >/dev/null 2>err; rc=$? ;;
    nnc) $VALGRIND "$top/nnc" "$@" >/dev/null 2>err; rc=$?
         [ $rc -le 1 ] && rc=0 ;;
    xmi) # .nn -> XMI -> .nn and .nn -> UML -> .nn, each step under valgrind
         { $VALGRIND "$top/nnc" "$1" --target xmi -o vg.xmi --force &&
           $VALGRIND "$top/nnc" vg.xmi --emit-dsl -o - &&
           $VALGRIND "$top/nnc" "$1" --target uml -o vg.uml --force &&
           $VALGRIND "$top/nnc" vg.uml --emit-dsl -o -; } >/dev/null 2>err; rc=$? ;;
    batch) # batch mode forks workers: follow them
         $VALGRIND --trace-children=yes "$top/nnc" "$@" -d out >/dev/null 2>err; rc=$?
         [ $rc -le 1 ] && rc=0 ;;
    *) echo "valgrind.sh: unknown job $kind" >&2; rc=1 ;;
    esac
    if [ $rc -ne 0 ] || grep -q '^==[0-9]*==' err; then
        cat err
        echo "valgrind: $kind $*"
        cd "$top" && rm -rf "$work"
        exit 255 # xargs stops at the first failure
    fi
    cd "$top" && rm -rf "$work"
    exit 0
fi

# the job list, one job per line (file names have no spaces); absolute
# paths, since each job runs in its own directory
s=$(cd "$srcdir" && pwd) || exit 1
jobs=$(mktemp) || exit 1
trap 'rm -f "$jobs"' EXIT
{
    for t in $UNIT_TESTS; do echo "unit $t"; done
    for f in "$s"/examples/*.nn "$s"/tests/golden/dsl/*.nn; do echo "xmi $f"; done
    echo "nnc $s/examples/alexnet.nn --merge-into $s/tests/xmi/shop.uml" \
         "--behavior Shop::Checkout::Scoring -o vg.uml --force"
    for f in "$s"/tests/xmi-bad/*.xmi; do echo "nnc $f --check"; done
    for f in "$s"/examples/*.nn "$s"/tests/golden/dsl/*.nn "$s"/tests/golden/inputs/*.nn \
             "$s"/tests/dsl-bad/*.nn "$s"/examples/pytorch/*.py "$s"/tests/torch/bad/*.py \
             "$s"/examples/keras/*.py "$s"/tests/keras/bad/*.py; do
        echo "nnc $f --emit-dsl -o -"
    done
    for f in "$s"/tests/python-bad/*.py; do echo "nnc --dump-python-ast $f"; done
    for f in "$s"/examples/*.nn "$s"/tests/models/*.nn; do
        for t in torch-seq torch-sub tf-seq tf-sub; do echo "nnc $f --target $t -o -"; done
    done
    echo "batch --target torch-sub -f -j 2 $(echo "$s"/examples/*.nn "$s"/tests/dsl-bad/*.nn)"
} >"$jobs"

n=$(wc -l <"$jobs")
xargs -P "$JOBS" -L 1 sh "$0" --one <"$jobs" || exit 1
echo "valgrind: $n runs (unit tests and nnc), no error and no leak"
