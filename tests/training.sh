#!/bin/sh
# training.sh - --with-training output runs: for every target, one epoch on
# CSV data written here, for a multi-class model (tests/models/train_csv.nn)
# and the binary LSTM text classifier (examples/lstm_text.nn).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/data"
"$PYTHON" - "$tmp" <<'PY' || exit 1
import random, sys
random.seed(1)
d = sys.argv[1] + "/data/"
for name, n in (("train", 96), ("test", 32)):
    with open(d + name + ".csv", "w") as f:
        f.write(",".join(f"x{i}" for i in range(8)) + ",kind\n")
        for _ in range(n):
            k = random.randrange(3)
            f.write(",".join(f"{random.gauss(k, 0.5):.3f}" for _ in range(8)) + f",{'abc'[k]}\n")
    with open(d + "reviews_" + name + ".csv", "w") as f:
        f.write(",".join(f"t{i}" for i in range(100)) + ",sentiment\n")
        for _ in range(n):
            s = random.randrange(2)
            f.write(",".join(str(random.randrange(1, 50) + 50 * s) for _ in range(100))
                    + ("," + ("negative", "positive")[s]) + "\n")
PY
n=0; bad=0
for model in "$top_srcdir/tests/models/train_csv.nn" "$top_srcdir/examples/lstm_text.nn"; do
    for target in torch-seq torch-sub tf-seq tf-sub; do
        n=$((n + 1))
        out="$tmp/model_$n.py"
        if ! "$NNC" "$model" --target "$target" --with-training -o "$out" 2>"$tmp/err"; then
            bad=$((bad + 1)); echo "FAIL: $(basename "$model") $target: nnc failed"; cat "$tmp/err"; continue
        fi
        sed -i 's/^EPOCHS = .*/EPOCHS = 1/' "$out"
        # report() prints every metric it computes.
        for m in precision recall; do
            if grep -q "^    $m = " "$out" && ! grep -q "print(f\"$m: " "$out"; then
                bad=$((bad + 1)); echo "FAIL: $(basename "$model") $target: $m computed, never printed"
            fi
        done
        if ! (cd "$tmp" && TF_CPP_MIN_LOG_LEVEL=3 "$PYTHON" "$out" >"$tmp/log" 2>&1) ||
           ! grep -q "^accuracy: " "$tmp/log"; then
            bad=$((bad + 1)); echo "FAIL: $(basename "$model") $target: training did not run"
            tail -20 "$tmp/log"
        else
            echo "ok: $(basename "$model") $target: $(grep '^accuracy' "$tmp/log")"
            for m in $(sed -n 's/^ *metrics=\[\(.*\)\]/\1/p' "$model" | tr -d '",'); do
                grep -q "^$m: " "$tmp/log" || { bad=$((bad + 1)); echo "FAIL: $(basename "$model") $target: $m not printed"; }
            done
        fi
    done
done
# A model without input shape: an error naming --input-shape, no output;
# with --input-shape, the script runs and prints its metrics.
noshape="$top_srcdir/tests/training/train_no_shape.nn"
for target in torch-seq tf-seq; do
    n=$((n + 1))
    "$NNC" "$noshape" --target $target --with-training -o "$tmp/noshape.py" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 1 ] || ! grep -q "train_no_shape.nn:3:1: error: .*--input-shape" "$tmp/err" || [ -e "$tmp/noshape.py" ]; then
        bad=$((bad + 1)); echo "FAIL: no input shape, $target: status $rc, expected an error naming --input-shape"; cat "$tmp/err"
    fi
done
n=$((n + 1))
"$NNC" "$noshape" --target torch-seq --with-training --input-shape 8 -o "$tmp/shape.py" 2>"$tmp/err" &&
    (cd "$tmp" && "$PYTHON" "$tmp/shape.py" >"$tmp/log" 2>&1) && grep -q "^accuracy: " "$tmp/log" ||
    { bad=$((bad + 1)); echo "FAIL: --with-training --input-shape 8 did not run"; cat "$tmp/err"; tail -5 "$tmp/log"; }
echo "training scripts: $((n - bad)) of $n ran"
[ $bad -eq 0 ]
