#!/bin/sh
# keras_backends.sh - the Keras code nnc writes runs, and computes what it
# computes on TensorFlow, on every Keras release of KERAS_VERSIONS (the
# oldest Keras 3 and the newest) with the PyTorch backend in an environment
# without TensorFlow, and on the oldest with the TensorFlow backend.  The
# equivalence oracles record every tf-sub and tf-seq file they check
# (tests/equiv/backends.py); this replays them.
set -u
fixtures=$NNC_KERAS_FIXTURES
replay="$top_srcdir/tests/equiv/backends.py"
if ! ls "$fixtures"/*.py >/dev/null 2>&1; then
    echo "FAIL: nothing recorded in $fixtures: tests/equiv.sh, m2m_equiv.sh and m2m_keras_equiv.sh run first"
    exit 1
fi
echo "$(ls "$fixtures"/*.py | wc -l) generated Keras files recorded by the oracles"
venv=$KERAS_TORCH_VENV
if [ ! -x "$venv/bin/python" ]; then
    echo "FAIL: no PyTorch-only environment (KERAS_TORCH_VENV='$venv'): scripts/setup.sh makes it"
    exit 1
fi
if "$venv/bin/python" -c 'import tensorflow' 2>/dev/null; then
    echo "FAIL: $venv has TensorFlow: the PyTorch backend must be tested without it"
    exit 1
fi
# The replays are independent: run them side by side, print them in order.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
oldest=
n=0
for v in $KERAS_VERSIONS; do
    dir="$venv/keras/$v"
    [ -n "$oldest" ] || oldest=$dir
    n=$((n + 1))
    if [ ! -d "$dir/keras" ]; then
        echo "FAIL: Keras $v is not installed in $dir: scripts/setup.sh installs it" >"$tmp/$n.out"
        echo 1 >"$tmp/$n.status"
        continue
    fi
    { echo "== Keras $v, PyTorch backend, no TensorFlow"
      KERAS_BACKEND=torch PYTHONPATH="$dir" "$venv/bin/python" "$replay" "$fixtures" 2>&1
      echo $? >"$tmp/$n.status"; } >"$tmp/$n.out" &
done
n=$((n + 1))
{ echo "== the oldest Keras, TensorFlow backend"
  TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow PYTHONPATH="$oldest" "$PYTHON" "$replay" \
      "$fixtures" 2>&1
  echo $? >"$tmp/$n.status"; } >"$tmp/$n.out" &
wait
status=0
for i in $(seq 1 $n); do
    grep -v -E '^(WARNING|I0000|.*UserWarning|  outputs = )' "$tmp/$i.out"
    [ "$(cat "$tmp/$i.status" 2>/dev/null)" = 0 ] || status=1
done
exit $status
