#!/bin/sh
# batch.sh - several inputs in one call: --output-dir, -j, the per-file
# report in the given order, the exit status (the worst file's), the other
# files still written when one fails, and no partial output when interrupted.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0; n=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
check() { # description, expected status, command...
    d=$1; want=$2; shift 2; n=$((n + 1))
    "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    [ $rc -eq "$want" ] || { fail "$d: status $rc, expected $want"; cat "$tmp/err"; }
}
ex="$top_srcdir/examples"
badnn="$top_srcdir/tests/dsl-bad/activation_without_func.nn"
set -- "$ex/alexnet.nn" "$ex/lstm_text.nn" "$badnn" "$ex/pytorch/alexnet_module.py" \
    "$ex/keras/lstm_text_sequential.py"

# Reference outputs, one file at a time.
mkdir "$tmp/ref"
for f in "$ex/alexnet.nn" "$ex/lstm_text.nn" "$ex/pytorch/alexnet_module.py" \
    "$ex/keras/lstm_text_sequential.py"; do
    "$NNC" "$f" --target torch-sub --output-dir "$tmp/ref" >/dev/null 2>&1 ||
        fail "single-file --output-dir: $f"
done

for j in 1 2; do
    check "-j $j: one bad file among five" 1 "$NNC" --target torch-sub -d "$tmp/j$j" -j $j "$@"
    sed "s|$tmp/j$j/||" "$tmp/out" >"$tmp/report$j"
    for f in "$tmp"/ref/*; do
        cmp -s "$f" "$tmp/j$j/$(basename "$f")" || fail "-j $j: $(basename "$f") differs from a single-file run"
    done
    [ "$(ls "$tmp/j$j" | wc -l)" -eq 4 ] || fail "-j $j: expected 4 outputs"; ls "$tmp/j$j" | grep -q activation_without && fail "-j $j: output for the bad file"
    grep -q "activation_without_func.nn:9:11: error:" "$tmp/err" || fail "-j $j: the bad file's diagnostic"
done
cmp -s "$tmp/report1" "$tmp/report2" || { fail "the report depends on -j"; diff "$tmp/report1" "$tmp/report2"; }
sed 's/ ->.*//' "$tmp/report1" >"$tmp/order"
cat >"$tmp/want" <<END
ok      $ex/alexnet.nn
ok      $ex/lstm_text.nn
failed  $badnn (errors in the input)
ok      $ex/pytorch/alexnet_module.py
ok      $ex/keras/lstm_text_sequential.py
nnc: 5 files: 4 ok, 0 partial, 0 unchanged, 1 failed
END
cmp -s "$tmp/order" "$tmp/want" || { fail "report"; diff "$tmp/want" "$tmp/order"; }

# A run into a folder that already holds the results: every file is
# "unchanged", counted apart, exit 0, the outputs untouched; the bad file
# still fails.
touch -d '2000-01-01' "$tmp/j2"/*
touch -d '2001-01-01' "$tmp/stamp"
check "rerun into the results" 1 "$NNC" --target torch-sub -d "$tmp/j2" "$@"
sed 's/ ->.*//' "$tmp/out" >"$tmp/order"
cat >"$tmp/want" <<END
unchanged $ex/alexnet.nn
unchanged $ex/lstm_text.nn
failed  $badnn (errors in the input)
unchanged $ex/pytorch/alexnet_module.py
unchanged $ex/keras/lstm_text_sequential.py
nnc: 5 files: 0 ok, 0 partial, 4 unchanged, 1 failed
END
cmp -s "$tmp/order" "$tmp/want" || { fail "rerun report"; diff "$tmp/want" "$tmp/order"; }
[ -z "$(find "$tmp/j2" -type f -newer "$tmp/stamp")" ] || fail "an unchanged output was rewritten"
check "rerun, good files only" 0 "$NNC" --target torch-sub -d "$tmp/j2" "$ex/alexnet.nn" "$ex/lstm_text.nn"
grep -q "nnc: 2 files: 0 ok, 0 partial, 2 unchanged, 0 failed" "$tmp/out" || fail "unchanged files make the run a success"

# An existing output that differs is kept and makes the status 3; the
# others are written.
echo "# hand edit" >>"$tmp/j1/alexnet.torch_sub.py"
check "existing output" 3 "$NNC" --target torch-sub -d "$tmp/j1" "$ex/alexnet.nn" "$ex/vgg16.nn"
[ -s "$tmp/j1/vgg16.torch_sub.py" ] || [ -s "$tmp/j1/vgg16"* ] || fail "the other file was not written"
grep -q "exists; use --force" "$tmp/err" || fail "no message for the existing output"
check "--force" 0 "$NNC" --target torch-sub -d "$tmp/j1" -f "$ex/alexnet.nn" "$ex/vgg16.nn"
grep -q "hand edit" "$tmp/j1/alexnet.torch_sub.py" && fail "--force did not replace a different output"
grep -q "^ok  *$ex/alexnet.nn" "$tmp/out" || fail "--force: the replaced file is not reported ok"

# Two inputs with one output name: the first wins, the second is reported.
mkdir "$tmp/a" "$tmp/b"
cp "$ex/alexnet.nn" "$tmp/a/m.nn"; cp "$ex/vgg16.nn" "$tmp/b/m.nn"
check "same output name" 3 "$NNC" --emit-dsl -d "$tmp/same" "$tmp/a/m.nn" "$tmp/b/m.nn"
cmp -s "$tmp/same/m.nn" "$ex/alexnet.nn" || fail "the first file's output"
grep -q "b/m.nn: not migrated: an earlier file writes the same output" "$tmp/err" || fail "collision message"

# Files are compared by identity, not by name: "a.py" and "./a.py" write
# one output; an input given twice is migrated once; no output replaces an
# input of the run, --force or not.
mkdir "$tmp/id"
cp "$ex/alexnet.nn" "$tmp/id/a.nn"; cp "$ex/pytorch/alexnet_module.py" "$tmp/id/a.py"
check "one output through two names" 3 "$NNC" --target torch-sub -j 2 --force "$tmp/id/a.nn" "$tmp/id/./a.py"
grep -q "a.py: not migrated: an earlier file writes the same output" "$tmp/err" || fail "identity: no collision reported"
[ "$(grep -c '^ok ' "$tmp/out")" -eq 1 ] || fail "identity: both files reported ok"
check "one input twice" 3 "$NNC" --target torch-sub -f "$tmp/id/a.nn" "$tmp/id//a.nn"
grep -q "a.nn: not migrated: the same file as an earlier input" "$tmp/err" || fail "identity: the input given twice"
cp "$ex/pytorch/alexnet_module.py" "$tmp/id/keep.torch_sub.py"; cp "$ex/vgg16.nn" "$tmp/id/keep.nn"
check "an output that is an input" 3 "$NNC" --target torch-sub --force "$tmp/id/keep.nn" "$tmp/id/keep.torch_sub.py"
cmp -s "$tmp/id/keep.torch_sub.py" "$ex/pytorch/alexnet_module.py" || fail "identity: an input of the batch was overwritten"
grep -q "keep.nn: not migrated: its output is an input of this run" "$tmp/err" || fail "identity: no message for the output that is an input"

# Few file descriptors: workers wait for each other instead of failing.
mkdir "$tmp/fd"
i=0; while [ $i -lt 500 ]; do cp "$ex/tf_tutorial_cnn.nn" "$tmp/fd/m$i.nn"; i=$((i + 1)); done
n=$((n + 1))
(ulimit -n 40 && exec "$NNC" --emit-dsl -d "$tmp/fd/out" -j 100 "$tmp"/fd/*.nn) >"$tmp/out" 2>"$tmp/err" ||
    { fail "-j 100 under ulimit -n 40: status $?"; grep -m 3 . "$tmp/err"; }
[ "$(ls "$tmp/fd/out" | wc -l)" -eq 500 ] || fail "-j 100 under ulimit -n 40: $(ls "$tmp/fd/out" | wc -l) of 500 outputs"

check "--check on several files" 0 "$NNC" --check "$ex"/*.nn
[ "$(grep -c '^ok ' "$tmp/out")" -eq 5 ] || fail "--check report"
check "uml: one shared profile" 0 "$NNC" --target uml -d "$tmp/uml" -j 2 "$ex"/*.nn
[ -s "$tmp/uml/besser_nn.profile.uml" ] || fail "no profile in the output directory"
check "output directory cannot be made" 3 "$NNC" --emit-dsl -d "$ex/alexnet.nn/x" "$ex/alexnet.nn" "$ex/vgg16.nn"
check "-o with several inputs" 2 "$NNC" --emit-dsl -o "$tmp/x.nn" "$ex/alexnet.nn" "$ex/vgg16.nn"
check "-o with --output-dir" 2 "$NNC" --emit-dsl -o "$tmp/x.nn" -d "$tmp" "$ex/alexnet.nn"
check "-j 0" 2 "$NNC" --emit-dsl -d "$tmp/z" -j 0 "$ex/alexnet.nn" "$ex/vgg16.nn"
check "--dump-python-ast takes one file" 2 "$NNC" --dump-python-ast "$ex/alexnet.nn" "$ex/vgg16.nn"

# Big models, so that workers are caught mid-way.
chain_nn() { # LAYERS EXTRA-LINE: a chain of Linear layers of width 64
    awk -v n="$1" -v extra="$2" 'BEGIN {
        print "big:\n    input_shape=[64]\n    layers:"
        for (i = 0; i < n; i++)
            printf "        - l%d:\n            type=Linear\n%s            in_features=64\n            out_features=64\n", i, extra
        print "    modules:"
        for (i = 0; i < n; i++)
            printf "        - l%d\n", i
    }'
}
chain_nn 60000 "            actv_func=relu\n" >"$tmp/big.nn"
mkdir "$tmp/many"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do cp "$tmp/big.nn" "$tmp/many/m$i.nn"; done
# A file's output names its source twice: "Source: FILE" and the package its
# Keras classes are registered under (the file's stem); both are set aside.
same_model() { grep -v '^Source: ' | sed 's/package="[^"]*"/package=""/'; }
"$NNC" "$tmp/big.nn" --target tf-sub -o - | same_model >"$tmp/big.ref" || fail "big model"
no_partial() { # directory, what
    ls "$1" | grep -q 'nnc-' && fail "$2: a temporary file was left behind"
    for f in "$1"/*; do
        [ -e "$f" ] || continue
        same_model <"$f" | cmp -s - "$tmp/big.ref" || fail "$2: $(basename "$f") is not a complete output"
    done
}
reported_ok() { # directory, what: every complete output is reported ok
    for f in "$1"/*; do
        [ -e "$f" ] || continue
        grep -q "^ok      $tmp/many/$(basename "$f" .tf_sub.py).nn" "$tmp/out" ||
            fail "$2: $(basename "$f") is complete but not reported ok"
    done
}
interrupted=0
for delay in 0.1 0.4 0.7 0.9 1.1; do
    rm -rf "$tmp/int"
    "$NNC" --target tf-sub -d "$tmp/int" -j 2 "$tmp"/many/*.nn >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    sleep $delay
    kill -TERM $pid 2>/dev/null  # background jobs of sh ignore SIGINT
    wait $pid; rc=$?
    n=$((n + 1))
    [ $rc -eq 143 ] || [ $rc -eq 0 ] || fail "interrupted batch: status $rc"
    [ $rc -eq 143 ] && interrupted=$((interrupted + 1))
    echo "interrupted after ${delay}s: status $rc, $(ls "$tmp/int" 2>/dev/null | wc -l) of 12 outputs"
    no_partial "$tmp/int" "interrupted batch after ${delay}s"
    reported_ok "$tmp/int" "interrupted batch after ${delay}s"
    rm -f "$tmp/one.py"
    "$NNC" "$tmp/big.nn" --target tf-sub -o "$tmp/one/one.py" >/dev/null 2>&1 &
    mkdir -p "$tmp/one"; pid=$!
    sleep $delay
    kill -TERM $pid 2>/dev/null
    wait $pid 2>/dev/null
    no_partial "$tmp/one" "interrupted single run after ${delay}s"
done

[ $interrupted -gt 0 ] || fail "no batch run was caught before its end"

# The same, deterministically: two small models and a big one (about a
# second of processor time); the batch is stopped as soon as both small
# outputs exist, so the big one is always cut short.  The report must call
# the small ones ok and the big one interrupted, and leave no partial file.
chain_nn 120000 "" >"$tmp/slow.nn"
rm -rf "$tmp/det"
"$NNC" --target tf-sub -d "$tmp/det" -j 3 "$top_srcdir/examples/alexnet.nn" "$tmp/slow.nn" \
    "$top_srcdir/examples/lstm_text.nn" >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
while [ $i -lt 3000 ] && ! { [ -f "$tmp/det/alexnet.tf_sub.py" ] && [ -f "$tmp/det/lstm_text.tf_sub.py" ]; }; do
    sleep 0.01; i=$((i + 1))
done
kill -TERM $pid 2>/dev/null
wait $pid; rc=$?
n=$((n + 1))
[ $rc -eq 143 ] || fail "deterministic interruption: status $rc, expected 143 (the big model finished first?)"
grep -q "^ok      .*alexnet.nn -> " "$tmp/out" && grep -q "^ok      .*lstm_text.nn -> " "$tmp/out" ||
    { fail "deterministic interruption: a complete output is not reported ok"; cat "$tmp/out"; }
grep -q "^failed  .*slow.nn (interrupted)" "$tmp/out" ||
    { fail "deterministic interruption: the big model is not reported interrupted"; cat "$tmp/out"; }
grep -q "2 of 3 files done, 1 not migrated" "$tmp/err" ||
    { fail "deterministic interruption: wrong summary"; cat "$tmp/err"; }
[ ! -e "$tmp/det/slow.tf_sub.py" ] && ! ls "$tmp/det" | grep -q 'nnc-' ||
    fail "deterministic interruption: a partial or temporary file was left"

# A worker that crashes costs its own file only.
rm -rf "$tmp/crash"
"$NNC" --target tf-sub -d "$tmp/crash" -j 1 "$tmp/many/m1.nn" "$ex/alexnet.nn" >"$tmp/out" 2>"$tmp/err" &
pid=$!
child=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    child=$(pgrep -P $pid | head -n 1)
    [ -n "$child" ] && break
    sleep 0.01
done
[ -n "$child" ] && kill -KILL "$child"  # SIGSEGV would be caught by ASan in sanitized builds
wait $pid; rc=$?
n=$((n + 1))
if [ -z "$child" ]; then
    fail "no worker process seen to crash"
else
    [ $rc -eq 4 ] || fail "a crashed worker: status $rc, expected 4"
    grep -q "failed  $tmp/many/m1.nn (nnc crashed: " "$tmp/out" || { fail "crash report"; cat "$tmp/out"; }
    [ -s "$tmp/crash/alexnet.tf_sub.py" ] || fail "the file after the crash was not written"
fi
echo "batch: $((n - bad)) of $n checks passed"
[ $bad -eq 0 ]
