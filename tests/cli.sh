#!/bin/sh
# cli.sh - the command-line contract: exit statuses, --help/--version,
# default output names, -o -, --force, atomic output, the input never lost.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0; n=0
check() { # description, expected status, command...
    d=$1; want=$2; shift 2; n=$((n + 1))
    "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ $rc -ne "$want" ]; then bad=$((bad + 1)); echo "FAIL: $d: status $rc, expected $want"; cat "$tmp/err"; fi
}
ex="$top_srcdir/examples/tf_tutorial_cnn.nn"
check "help" 0 "$NNC" --help
grep -q -- "--emit-dsl" "$tmp/out" || { bad=$((bad + 1)); echo "FAIL: --help does not list --emit-dsl"; }
check "version" 0 "$NNC" --version
grep -q "^nnc [0-9]" "$tmp/out" || { bad=$((bad + 1)); echo "FAIL: --version"; }
check "no arguments" 2 "$NNC"
check "unknown option" 2 "$NNC" --frobnicate "$ex"
check "no action" 2 "$NNC" "$ex"
check "unknown target" 2 "$NNC" "$ex" --target pytorch
grep -q "unknown target 'pytorch'; did you mean 'torch-seq' or 'torch-sub'?" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: no suggestion for --target pytorch"; cat "$tmp/err"; }
grep -q "^Targets: dsl, torch-seq, .*uml-merge, dot, svg\.$" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: an unknown target does not list the targets"; }
check "two inputs, one -o" 2 "$NNC" "$ex" "$ex" --emit-dsl -o "$tmp/two.nn"
check "missing file" 3 "$NNC" "$tmp/none.nn" --check
check "check ok" 0 "$NNC" "$ex" --check
[ -s "$tmp/out" ] && { bad=$((bad + 1)); echo "FAIL: --check wrote output"; }
check "stdout default for .nn" 0 "$NNC" "$ex" --emit-dsl
cmp -s "$tmp/out" "$ex" || { bad=$((bad + 1)); echo "FAIL: --emit-dsl to stdout"; }
cp "$ex" "$tmp/m.nn"
check "refuse to overwrite input" 3 "$NNC" "$tmp/m.nn" --emit-dsl -o "$tmp/m.nn" --force
cmp -s "$tmp/m.nn" "$ex" || { bad=$((bad + 1)); echo "FAIL: input changed"; }
check "write -o" 0 "$NNC" "$tmp/m.nn" --emit-dsl -o "$tmp/o.nn"
cmp -s "$tmp/o.nn" "$ex" || { bad=$((bad + 1)); echo "FAIL: -o content"; }
echo "hand edit" >"$tmp/o.nn"
check "existing output kept" 3 "$NNC" "$tmp/m.nn" --emit-dsl -o "$tmp/o.nn"
grep -q "hand edit" "$tmp/o.nn" || { bad=$((bad + 1)); echo "FAIL: existing output replaced without --force"; }
check "--force replaces" 0 "$NNC" "$tmp/m.nn" --emit-dsl -o "$tmp/o.nn" --force
cmp -s "$tmp/o.nn" "$ex" || { bad=$((bad + 1)); echo "FAIL: --force content"; }
check "unwritable directory" 3 "$NNC" "$tmp/m.nn" --emit-dsl -o "$tmp/nodir/o.nn"
ls "$tmp" | grep -q nnc- && { bad=$((bad + 1)); echo "FAIL: temporary file left behind"; }
# An existing non-regular output (a FIFO here, /dev/null in practice) is
# written into, with or without --force, never replaced by a renamed file.
mkfifo "$tmp/fifo"
for force in "" --force; do
    cat "$tmp/fifo" >"$tmp/fifo.out" &
    reader=$!
    check "-o FIFO $force" 0 "$NNC" "$ex" --emit-dsl -o "$tmp/fifo" $force
    # A reader still waiting for a writer that never came would hang the test.
    [ $rc -eq 0 ] && [ -p "$tmp/fifo" ] || kill $reader 2>/dev/null
    wait $reader 2>/dev/null
    [ -p "$tmp/fifo" ] || { bad=$((bad + 1)); echo "FAIL: the FIFO was replaced ($force)"; }
    cmp -s "$tmp/fifo.out" "$ex" || { bad=$((bad + 1)); echo "FAIL: the FIFO's reader got other text ($force)"; }
    [ -p "$tmp/fifo" ] || break
done
check "-o a directory" 3 "$NNC" "$ex" --emit-dsl -o "$tmp"
printf 'import torch.nn as nn\nx = nn.Linear(4, 2, bias=False)  # a layer\n' >"$tmp/p.py"
check "dump python ast" 0 "$NNC" --dump-python-ast "$tmp/p.py"
"$PYTHON" -c 'import ast, sys; print(ast.dump(ast.parse(open(sys.argv[1]).read())))' "$tmp/p.py" >"$tmp/want"
cmp -s "$tmp/out" "$tmp/want" || { bad=$((bad + 1)); echo "FAIL: --dump-python-ast differs from CPython"; diff "$tmp/want" "$tmp/out"; }
printf 'def f(:\n' >"$tmp/bad.py"
check "dump python ast: syntax error" 1 "$NNC" --dump-python-ast "$tmp/bad.py"
grep -q "bad.py:1:7: error:" "$tmp/err" || { bad=$((bad + 1)); echo "FAIL: python syntax error location"; cat "$tmp/err"; }
mkdir "$tmp/u"
cp "$ex" "$tmp/u/m.nn"
echo "someone else's profile" >"$tmp/u/besser_nn.profile.uml"
check "uml: a different profile beside the output is an I/O refusal" 3 \
    "$NNC" "$tmp/u/m.nn" --target uml -o "$tmp/u/m.uml"
[ -e "$tmp/u/m.uml" ] && { bad=$((bad + 1)); echo "FAIL: uml written although its profile was refused"; }
grep -q "someone else" "$tmp/u/besser_nn.profile.uml" || { bad=$((bad + 1)); echo "FAIL: profile replaced without --force"; }
check "uml with --force" 0 "$NNC" "$tmp/u/m.nn" --target uml -o "$tmp/u/m.uml" --force

# Devices: the null device is written into; any other one (a character
# device here, harmless to write into) only with --force, named by -o or
# reached through a symbolic link planted at the default output name.
check "-o /dev/null" 0 "$NNC" "$ex" --target torch-sub -o /dev/null
check "-o a device" 3 "$NNC" "$ex" --target torch-sub -o /dev/zero
grep -q "refusing to write into '/dev/zero': it is a device" "$tmp/err" || { bad=$((bad + 1)); echo "FAIL: no message for -o a device"; }
check "-o a device with --force" 0 "$NNC" "$ex" --target torch-sub -o /dev/zero --force
mkdir "$tmp/dev"; cp "$ex" "$tmp/dev/m.nn"; ln -s /dev/zero "$tmp/dev/m.torch_sub.py"
check "a link to a device at the default output" 3 "$NNC" "$tmp/dev/m.nn" --target torch-sub
[ -L "$tmp/dev/m.torch_sub.py" ] || { bad=$((bad + 1)); echo "FAIL: the planted link was replaced"; }
if mknod "$tmp/dev/blk" b 7 250 2>/dev/null; then  # root only; no such loop device
    check "-o a block device" 3 "$NNC" "$ex" --target torch-sub -o "$tmp/dev/blk"
    grep -q "it is a device; use --force" "$tmp/err" || { bad=$((bad + 1)); echo "FAIL: a block device"; }
fi
# The system model read by --merge-into is an input too.
cp "$top_srcdir/tests/xmi/shop.uml" "$tmp/shop.uml"
check "--merge-into X -o X --force" 3 "$NNC" "$ex" --merge-into "$tmp/shop.uml" \
    --behavior Shop::Recommender::predict -o "$tmp/shop.uml" --force
cmp -s "$tmp/shop.uml" "$top_srcdir/tests/xmi/shop.uml" || { bad=$((bad + 1)); echo "FAIL: --merge-into replaced the model it reads"; }
# A file size limit fails the write (status 3) and leaves no temporary file.
mkdir "$tmp/fsz"
n=$((n + 1))
(ulimit -f 1 && exec "$NNC" "$ex" --target tf-sub -o "$tmp/fsz/o.py") 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] || { bad=$((bad + 1)); echo "FAIL: ulimit -f: status $rc, expected 3"; }
[ -z "$(ls "$tmp/fsz")" ] || { bad=$((bad + 1)); echo "FAIL: ulimit -f left $(ls "$tmp/fsz")"; }
grep -q "File too large" "$tmp/err" || { bad=$((bad + 1)); echo "FAIL: ulimit -f: no I/O message"; }
# A refused UML model leaves no profile behind.
mkdir "$tmp/u2"; cp "$ex" "$tmp/u2/m.nn"; echo "kept" >"$tmp/u2/m.uml"
check "uml: refused output" 3 "$NNC" "$tmp/u2/m.nn" --target uml
[ -e "$tmp/u2/besser_nn.profile.uml" ] && { bad=$((bad + 1)); echo "FAIL: a refused uml output left its profile"; }
# A FIFO nobody opens at the other end never blocks for good: as the
# input, as --merge-into and as -o, nnc gives up after a bounded wait.
mkfifo "$tmp/lonely" "$tmp/lonely2" "$tmp/lonely3"
t0=$(date +%s)
timeout 30 "$NNC" "$tmp/lonely" --check >/dev/null 2>"$tmp/err.in" &
p1=$!
timeout 30 "$NNC" "$ex" --merge-into "$tmp/lonely2" --behavior A::b -o "$tmp/merged.uml" >/dev/null 2>"$tmp/err.merge" &
p2=$!
timeout 30 "$NNC" "$ex" --emit-dsl -o "$tmp/lonely3" >/dev/null 2>"$tmp/err.out" &
p3=$!
for p in $p1 $p2 $p3; do
    n=$((n + 1))
    wait $p; rc=$?
    [ $rc -eq 3 ] || { bad=$((bad + 1)); echo "FAIL: a FIFO without a peer: status $rc, expected 3"; }
done
[ $(($(date +%s) - t0)) -lt 20 ] || { bad=$((bad + 1)); echo "FAIL: a FIFO without a peer took too long"; }
grep -q "nothing written to it" "$tmp/err.in" || { bad=$((bad + 1)); echo "FAIL: FIFO input message"; cat "$tmp/err.in"; }
grep -q "nothing written to it" "$tmp/err.merge" || { bad=$((bad + 1)); echo "FAIL: FIFO --merge-into message"; cat "$tmp/err.merge"; }
grep -q "no process opened the FIFO" "$tmp/err.out" || { bad=$((bad + 1)); echo "FAIL: FIFO -o message"; cat "$tmp/err.out"; }
# A FIFO with a writer is read (a model piped in).
n=$((n + 1))
cat "$ex" >"$tmp/lonely" &
"$NNC" "$tmp/lonely" --check 2>"$tmp/err" || { bad=$((bad + 1)); echo "FAIL: a model piped through a FIFO"; cat "$tmp/err"; }
wait
# Line ends and the byte order mark: CR, LF and CRLF all end a line; a
# UTF-8 BOM before a .nn is skipped.
printf '\357\273\277' | cat - "$ex" >"$tmp/bom.nn"
check "a .nn with a byte order mark" 0 "$NNC" "$tmp/bom.nn" --emit-dsl -o -
cmp -s "$tmp/out" "$ex" || { bad=$((bad + 1)); echo "FAIL: BOM: not read as the same model"; }
tr '\n' '\r' <"$ex" >"$tmp/cr.nn"
check "a .nn with CR line ends" 0 "$NNC" "$tmp/cr.nn" --emit-dsl -o -
cmp -s "$tmp/out" "$ex" || { bad=$((bad + 1)); echo "FAIL: CR line ends: not read as the same model"; }
sed 's/in_channels=3$/in_channels=x/' "$ex" | tr '\n' '\r' >"$tmp/crbad.nn"
line=$(grep -n 'in_channels=3$' "$ex" | head -1 | cut -d: -f1)
check "an error in a .nn with CR line ends" 1 "$NNC" "$tmp/crbad.nn" --check
grep -q "crbad.nn:$line:25: error:" "$tmp/err" || { bad=$((bad + 1)); echo "FAIL: CR line ends: line:col"; cat "$tmp/err"; }
# Escape sequences of the input are printed escaped, never raw.
printf 'm:\n    input_shape=[4]\n    layers:\n        - a\033]0;pwned\007:\n' >"$tmp/esc.nn"
check "escape sequences in a diagnostic" 1 "$NNC" "$tmp/esc.nn" --check
LC_ALL=C grep -q "$(printf '\033')" "$tmp/err" && { bad=$((bad + 1)); echo "FAIL: a raw escape character reached the terminal"; }
grep -qF 'a\x1B]0;pwned\x07:' "$tmp/err" || { bad=$((bad + 1)); echo "FAIL: the escape sequence is not shown escaped"; cat -v "$tmp/err"; }
# libxml2's own "encoding error" lines go through nnc's diagnostics.
printf '<?xml version="1.0" encoding="ISO-2022-JP"?>\n<nn:NN xmlns:nn="http://besser-pearl.org/nnc/besser_nn/1.0" name="m\033$B\377"/>\n' >"$tmp/enc.xmi"
check "an undecodable XMI" 1 "$NNC" "$tmp/enc.xmi" --check
grep -vE '^(.*enc\.xmi:[0-9]+:[0-9]+: error: |nnc: )' "$tmp/err" | grep -qE '^(encoding error|I/O error)' &&
    { bad=$((bad + 1)); echo "FAIL: libxml2 messages leak to stderr"; cat "$tmp/err"; }
# A misspelt --behavior names the closest operations and states of the model,
# when merging and when reading.
shop="$top_srcdir/tests/xmi/shop.uml"
check "merge: misspelt behaviour" 1 "$NNC" "$ex" --merge-into "$shop" --behavior Shop::Recommender::predcit -o "$tmp/s.uml"
grep -q "called 'Shop::Recommender::predcit'; did you mean 'Shop::Recommender::predict'" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: no candidates for a misspelt --behavior"; cat "$tmp/err"; }
check "merge: misspelt state" 1 "$NNC" "$ex" --merge-into "$shop" --behavior Shop::Checkout::Scorng -o "$tmp/s.uml"
grep -q "did you mean 'Shop::Checkout::Scoring'" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: no candidate state for a misspelt --behavior"; cat "$tmp/err"; }
check "merge" 0 "$NNC" "$ex" --merge-into "$shop" --behavior Shop::Recommender::predict -o "$tmp/s.uml"
check "read: misspelt behaviour" 1 "$NNC" "$tmp/s.uml" --behavior Recommender::predictt --check
grep -q "did you mean 'Shop::Recommender::predict'" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: no candidates for a misspelt --behavior when reading"; cat "$tmp/err"; }
# An --output-dir that cannot be made is reported as the failed mkdir.
: >"$tmp/plain"
check "output dir under a file" 3 "$NNC" "$ex" --emit-dsl -d "$tmp/plain/sub"
grep -q "cannot create the output directory '$tmp/plain/sub': Not a directory" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: the failed mkdir of --output-dir is not reported"; cat "$tmp/err"; }
check "output dir created" 0 "$NNC" "$ex" --emit-dsl -d "$tmp/made/sub"
cmp -s "$tmp/made/sub/tf_tutorial_cnn.nn" "$ex" || { bad=$((bad + 1)); echo "FAIL: --output-dir not created for one file"; }
# The documentation: --help and the man page name every input format, the
# man page renders without a roff warning, and the README's layout row for
# examples/ describes what the folder holds.
check "help names Keras" 0 "$NNC" --help
grep -q "Keras" "$tmp/out" || { bad=$((bad + 1)); echo "FAIL: --help does not say Keras files are read"; }
grep -q "TensorFlow/Keras" "$top_srcdir/doc/nnc.1" || { bad=$((bad + 1)); echo "FAIL: the man page does not say Keras files are read"; }
if command -v groff >/dev/null 2>&1; then
    groff -man -Tutf8 -ww "$top_srcdir/doc/nnc.1" >"$tmp/man" 2>"$tmp/manerr"
    [ -s "$tmp/manerr" ] && { bad=$((bad + 1)); echo "FAIL: groff warns on doc/nnc.1"; cat "$tmp/manerr"; }
    for sfx in .torch_sub.py .merged.uml; do
        grep -q -- "$sfx" "$tmp/man" || { bad=$((bad + 1)); echo "FAIL: the man page lost '$sfx'"; }
    done
else # no groff: every line starting with a dot must be a known man macro
    grep -n '^\.' "$top_srcdir/doc/nnc.1" |
        grep -v -E '^[0-9]+:\.(TH|SH|SS|PP|LP|P|TP|IP|HP|RS|RE|B|I|R|BR|BI|IR|IB|RB|RI|SM|SB|nf|fi|br|sp|EX|EE|UR|UE|ad|na|in|ti|\\")( |$)' >"$tmp/macros"
    [ -s "$tmp/macros" ] && { bad=$((bad + 1)); echo "FAIL: lines roff takes as unknown macros:"; cat "$tmp/macros"; }
fi
# The framework follows the imports as Python parses them, not the spacing;
# Python is never read as DSL.
printf 'import  tensorflow  as tf\nmodel = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(3)])\n' >"$tmp/spaced"
check "import  tensorflow (two spaces), no .py suffix" 0 "$NNC" "$tmp/spaced" --emit-dsl -o -
grep -q "type=Linear" "$tmp/out" || { bad=$((bad + 1)); echo "FAIL: spaced import not read as Keras"; cat "$tmp/err"; }
printf 'try:\n    from\ttensorflow import keras\nexcept ImportError:\n    raise\nmodel = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])\n' >"$tmp/tried.py"
check "from<TAB>tensorflow inside try:" 0 "$NNC" "$tmp/tried.py" --emit-dsl -o -
printf '"""import tensorflow"""\nimport os\nx = 1\n' >"$tmp/plain.py"
check "Python importing no framework" 1 "$NNC" "$tmp/plain.py" --emit-dsl -o -
grep -q "plain.py:1:1: error: this Python file imports neither torch nor tensorflow/keras" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: Python without a framework"; cat "$tmp/err"; }
printf 'import os\nx = (\n' >"$tmp/broken.py"
check "a .py file with a syntax error" 1 "$NNC" "$tmp/broken.py" --emit-dsl -o -
grep -q "broken.py:2:5: error: '(' was never closed" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: a broken .py file is not reported as Python"; cat "$tmp/err"; }
# --class 'F(ARGS)': a Keras builder function called with those arguments.
app="$top_srcdir/examples/keras/app_builder_functional.py"
check "--class with call arguments" 0 "$NNC" "$app" --class "TinyVGG(weights=None, include_top=False, input_shape=(24, 24, 3), pooling='max')" --emit-dsl -o -
grep -q "input_shape=\[24, 24, 3\]" "$tmp/out" && ! grep -q "predictions" "$tmp/out" ||
    { bad=$((bad + 1)); echo "FAIL: --class 'TinyVGG(...)' did not build the model asked for"; }
check "--class with a bad call" 1 "$NNC" "$app" --class "TinyVGG(weights=None" --emit-dsl -o -
grep -q "^--class:1:" "$tmp/err" || { bad=$((bad + 1)); echo "FAIL: a bad --class call is not located in it"; cat "$tmp/err"; }
# A target that cannot express a module read from Python: one error, at the
# source expression that applied it (both blocks of the model repeat it).
check "a branch read from PyTorch, to torch-seq" 1 "$NNC" "$top_srcdir/examples/pytorch/residual_block.py" --target torch-seq -o -
[ "$(grep -c error: "$tmp/err")" = 1 ] && grep -q "residual_block.py:17:15: error: tensor operation 'add' (add) cannot be part of a Sequential model" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: a Sequential target's refusal is not one located error"; cat "$tmp/err"; }
# A misspelt layer: located at its call, with the name it is close to.
check "a misspelt functional layer" 1 "$NNC" "$top_srcdir/tests/keras/bad/misspelt_functional.py" --emit-dsl -o -
grep -q "misspelt_functional.py:10:9: error: keras.layers.Dens has no pivot equivalent (did you mean 'Dense'?)" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: no did-you-mean for layers.Dens"; cat "$tmp/err"; }
printf 'import keras\nfrom keras.layers import Dense\n\ninp = keras.Input(shape=(4,))\nmodel = keras.Model(inp, Dens(2)(inp))\n' >"$tmp/dens.py"
check "a misspelt imported name" 1 "$NNC" "$tmp/dens.py" --emit-dsl -o -
grep -q "dens.py:5:26: error: 'Dens' is not defined (did you mean 'Dense'?)" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: no did-you-mean for an undefined name"; cat "$tmp/err"; }
row=$(grep '^| `examples/`' "$top_srcdir/README.md")
nnfiles=$(ls "$top_srcdir"/examples/*.nn | wc -l)
[ "$nnfiles" -eq 5 ] && echo "$row" | grep -q "five networks" ||
    { bad=$((bad + 1)); echo "FAIL: README says five .nn examples, examples/ has $nnfiles"; }
for sub in "$top_srcdir"/examples/*/; do
    name=$(basename "$sub")
    echo "$row" | grep -q "\`$name/\`" || { bad=$((bad + 1)); echo "FAIL: README's layout row for examples/ omits $name/"; }
done
echo "command line: $((n - bad)) of $n checks passed"
[ $bad -eq 0 ]
