#!/bin/sh
# keep_going.sh - --keep-going on every unmappable-construct file
# (tests/torch/bad, tests/keras/bad; line 1 "# expect: LINE:COL"): the model
# is written with an Unmapped pivot element for the construct, the exit
# status is 5 (partial), each warning names its construct, the pivot prints
# and reads back, and every target that can express the model writes code
# with a "# TODO(nnc): ... (FILE:LINE)" comment that raises
# NotImplementedError naming FILE:LINE when the model is built and called
# (tests/keep_going_run.py, under the harness's Python).  A file that stays
# an error is listed below with the reason, and must fail for that reason.
# The error half of each file (exit 1 without --keep-going) is
# m2m_bad_run.sh's.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }

# Files that are errors even with --keep-going, and why: the input shape
# Keras would infer sizes from is missing (no construct is left out, the
# user must give --input-shape), or the model is invalid as written.
stays_error() {
    case $1 in
    keras/bad/block_no_shape.py|keras/bad/no_input_shape.py|keras/bad/shape_not_known.py) echo "pass --input-shape" ;;
    # several inputs: an input's shape the file does not give (none stands in)
    torch/bad/inputs_no_shape.py) echo "the shape of input 'seq' is unknown" ;;
    # a model input the pivot cannot hold: no partial model stands for the model
    keras/bad/several_inputs_unknown_shape.py) echo "give keras.Input every size" ;;
    keras/bad/several_inputs_not_input.py) echo "is not a keras.Input" ;;
    # an invalid convolution, not a construct left out: no partial model
    torch/bad/groups_not_dividing.py|keras/bad/groups_not_dividing.py) echo "must divide" ;;
    torch/bad/zero_stride.py|keras/bad/zero_stride.py) echo "must be greater than 0" ;;
    keras/bad/permute_missing_axis.py) echo "must list every axis once" ;;
    keras/bad/attention_no_heads.py) echo "embed_dim is 0" ;;
    keras/bad/normalization_stats_count.py) echo "numbers for 3 channels" ;;
    *) echo "" ;;
    esac
}

# The input of one example (batch excluded, in the source's layout) for
# files whose generated code has no INPUT_SHAPE: the model is called on it.
shape_of() {
    case $1 in
    torch/bad/bidir_last_step.py) echo 10,8 ;;
    torch/bad/custom_autograd.py|torch/bad/data_dependent_if.py) echo 4 ;;
    torch/bad/batchnorm1d_unknown_rank.py) echo 12 ;;
    torch/bad/upsample_size.py) echo 3,8,8 ;;
    torch/bad/dilated_conv.py|torch/bad/size_unknown.py) echo 3,16,16 ;;
    torch/bad/unknown_layer.py) echo 5,16 ;;
    torch/bad/unsqueeze_no_shape.py) echo 32 ;;
    torch/bad/shared_*.py|torch/bad/div_rounding.py) echo 8 ;;
    *) echo - ;;
    esac
}

: >"$tmp/torch.list"
: >"$tmp/keras.list"
for f in "$top_srcdir"/tests/torch/bad/*.py "$top_srcdir"/tests/keras/bad/*.py; do
    n=$((n + 1))
    rel=${f#"$top_srcdir"/tests/}
    b=$(echo "$rel" | tr / _)
    line=$(sed -n '1s/^# expect: \([0-9]*\):.*/\1/p' "$f")
    where="$f:$line"
    why=$(stays_error "$rel")
    "$NNC" "$f" --keep-going --emit-dsl -o "$tmp/$b.nn" 2>"$tmp/err"
    rc=$?
    if grep -q 'warning:  *(left as a TODO)' "$tmp/err"; then
        fail "$rel: a warning without its construct"; grep 'warning:  *(' "$tmp/err"
    fi
    if [ -n "$why" ]; then
        [ $rc -eq 1 ] || fail "$rel: exit $rc, not 1 (an error even with --keep-going)"
        grep -q "error: .*$why" "$tmp/err" || { fail "$rel: no error saying '$why'"; cat "$tmp/err"; }
        [ ! -e "$tmp/$b.nn" ] || fail "$rel: output written after an error"
        continue
    fi
    [ $rc -eq 5 ] || { fail "$rel: --keep-going exit $rc, not 5 (partial)"; cat "$tmp/err"; continue; }
    grep -q "^$f:$line:[0-9]*: warning: ..* (left as a TODO)" "$tmp/err" ||
        { fail "$rel: no warning at line $line"; cat "$tmp/err"; }
    grep -q "type=Unmapped" "$tmp/$b.nn" || fail "$rel: the pivot has no Unmapped element"
    grep -q "source=\"$where\"" "$tmp/$b.nn" || fail "$rel: no Unmapped element from line $line"
    "$NNC" "$tmp/$b.nn" --emit-dsl -o "$tmp/$b.again.nn" 2>"$tmp/err2"
    rc=$?
    [ $rc -eq 5 ] || { fail "$rel: the printed pivot reads back with exit $rc, not 5"; cat "$tmp/err2"; }
    cmp -s "$tmp/$b.nn" "$tmp/$b.again.nn" || fail "$rel: the printed pivot does not read back the same"
    for t in torch-seq torch-sub tf-seq tf-sub; do
        out="$tmp/$b.$t.py"
        "$NNC" "$f" --keep-going --target $t -o "$out" 2>"$tmp/err"
        rc=$?
        if [ $rc -eq 1 ] && [ "${t#*-}" = seq ] && grep -q "use --target ${t%-seq}-sub" "$tmp/err"; then
            continue # a Sequential cannot express this model, gap or not
        fi
        [ $rc -eq 5 ] || { fail "$rel $t: exit $rc, not 5 (partial)"; cat "$tmp/err"; continue; }
        grep -q "^ *# TODO(nnc): ..* ($where)\$" "$out" || fail "$rel $t: no TODO(nnc) comment for $where"
        case $t in
        torch-*) echo "$out $t $(shape_of "$rel") $where" >>"$tmp/torch.list" ;;
        *) echo "$out $t $(shape_of "$rel") $where" >>"$tmp/keras.list" ;;
        esac
    done
done
echo "unmappable-construct files: $n checked with --keep-going"

# Every written model raises NotImplementedError at its first call.
for fw in torch keras; do
    [ -s "$tmp/$fw.list" ] || { fail "no $fw model to run"; continue; }
    "$PYTHON" "$top_srcdir/tests/keep_going_run.py" $fw "$tmp/$fw.list" || fail "$fw models"
done

# Batch mode counts a partial file apart from ok and failed, writes it, and
# exits 5 when nothing failed.
"$NNC" --keep-going --target tf-sub -d "$tmp/batch" "$top_srcdir/examples/alexnet.nn" \
    "$top_srcdir/tests/keras/bad/unknown_op.py" >"$tmp/report" 2>/dev/null
rc=$?
[ $rc -eq 5 ] || fail "batch with a partial file: exit $rc, not 5"
grep -q "^partial $top_srcdir/tests/keras/bad/unknown_op.py -> " "$tmp/report" ||
    { fail "batch: no 'partial' line"; cat "$tmp/report"; }
grep -q "^nnc: 2 files: 1 ok, 1 partial, 0 unchanged, 0 failed\$" "$tmp/report" ||
    { fail "batch: the summary does not count the partial file"; cat "$tmp/report"; }
[ -s "$tmp/batch/unknown_op.tf_sub.py" ] || fail "batch: the partial file was not written"

[ $bad -eq 0 ]
