#!/bin/sh
# limits.sh - the limits that protect the process: each exceeded limit is a
# diagnostic with a location and exit status 1 (3 for an unreadable file),
# never a crash, a hang or an exhausted machine; inputs just inside a limit
# are still read (so the recursive walks are exercised at their deepest).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0; n=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
# expect NAME STATUS PATTERN FILE [options]: run nnc, check status and message.
expect() {
    name=$1; want=$2; pat=$3; f=$4; shift 4; n=$((n + 1))
    timeout 120 "$NNC" "$f" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    [ $rc -eq "$want" ] || { fail "$name: status $rc, expected $want"; head -c 600 "$tmp/err"; return; }
    grep -q -e "$pat" "$tmp/err" || { fail "$name: no '$pat' in"; head -c 600 "$tmp/err"; }
}
# expect_out NAME PATTERN FILE [options]: nnc exits 0 and its output has PATTERN.
expect_out() {
    name=$1; pat=$2; f=$3; shift 3; n=$((n + 1))
    timeout 120 "$NNC" "$f" "$@" -o - >"$tmp/out" 2>"$tmp/err"; rc=$?
    [ $rc -eq 0 ] || { fail "$name: status $rc, expected 0"; head -c 600 "$tmp/err"; return; }
    grep -q -e "$pat" "$tmp/out" || { fail "$name: no '$pat' in the output"; head -c 600 "$tmp/err"; }
}
rep() { # STRING COUNT: STRING repeated
    awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}
# A PyTorch file whose __init__ runs BODY (one line, 8 spaces in).
torch_file() {
    printf 'import torch.nn as nn\n\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        %s\n        self.fc = nn.Linear(4, 4)\n\n    def forward(self, x):\n        return self.fc(x)\n' "$1"
}

# Python nesting: brackets (CPython's 200), indentation (CPython's 100),
# the syntax tree (1000 levels), the parser's stack.
{ printf 'x = '; rep '(' 201; printf 1; rep ')' 201; echo; } >"$tmp/parens.py"
expect "201 nested brackets" 1 "parens.py:1:205: error: too many nested parentheses" "$tmp/parens.py" --dump-python-ast
awk 'BEGIN { for (i = 0; i < 101; i++) { for (k = 0; k < i; k++) printf " "; print "if x:" } for (k = 0; k < 101; k++) printf " "; print "pass" }' >"$tmp/indent.py"
expect "101 indentation levels" 1 "indent.py:101:101: error: too many levels of indentation" "$tmp/indent.py" --dump-python-ast
{ printf 'x = '; rep '1+' 1000; echo 1; } >"$tmp/deep.py"
expect "a 1002-level syntax tree" 1 "deep.py:1:11: error: too deeply nested: the syntax tree is more than 1000 levels deep" "$tmp/deep.py" --dump-python-ast
{ printf 'x = '; rep '-' 20000; echo 1; } >"$tmp/stack.py"
expect "20000 unary minus signs" 1 "stack.py:1:.*: error: too deeply nested: the parser's stack is full" "$tmp/stack.py" --dump-python-ast
{ printf 'x = a'; rep '.b' 100000; echo; } >"$tmp/attrs.py"
expect "100000 attribute accesses" 1 "attrs.py:1:5: error: too deeply nested" "$tmp/attrs.py" --dump-python-ast

# Integer literals: 4300 decimal digits at most (CPython's limit for int/str
# conversion); a longer one, in any base, is refused at once.
{ printf 'x = 0x'; rep 'f' 10000000; echo; } >"$tmp/hex.py"
expect "a hex literal of 10 million digits" 1 "hex.py:1:5: error: an integer literal of more than 4300 digits" "$tmp/hex.py" --dump-python-ast
{ printf 'x = 0x'; rep 'f' 3500; echo; } >"$tmp/hexok.py"
n=$((n + 1))
"$NNC" "$tmp/hexok.py" --dump-python-ast >"$tmp/out" 2>"$tmp/err" || { fail "a hex literal of 3500 digits"; cat "$tmp/err"; }

# Just inside the tree limit: the evaluator walks a 999-level expression.
torch_file "n = $(rep '1+' 989)1" >"$tmp/inside.py"
n=$((n + 1))
"$NNC" "$tmp/inside.py" --emit-dsl -o - >"$tmp/out" 2>"$tmp/err" || { fail "a 999-level expression"; cat "$tmp/err"; }
"$PYTHON" -c 'import ast, sys
t = ast.parse(open(sys.argv[1]).read())
def depth(n): return 1 + max((depth(c) for c in ast.iter_child_nodes(n)), default=0)
sys.setrecursionlimit(5000)
sys.exit(0 if 990 <= depth(t) <= 1000 else 1)' "$tmp/inside.py" || fail "inside.py is not just inside the limit"

# The evaluator: recursion, long loops, huge values.
torch_file 'def f(k): return f(k + 1)' >"$tmp/x.py"; sed -i 's/^        self.fc = nn.Linear(4, 4)/        self.fc = nn.Linear(f(0), 4)/' "$tmp/x.py"
expect "unbounded recursion" 1 "x.py:7:28: error: too deeply nested: more than 2000 levels" "$tmp/x.py" --emit-dsl -o -
torch_file 'g = lambda k: g(k + 1); n = g(0)' >"$tmp/lam.py"; sed -i 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' "$tmp/lam.py"
expect "unbounded lambda recursion" 1 "lam.py:7:25: error: too deeply nested: more than 2000 levels" "$tmp/lam.py" --emit-dsl -o -
# One budget for syntax depth and call depth: 62 nested calls, each at the
# bottom of a 985-deep expression (** is right-associative).
awk 'BEGIN { print "import torch.nn as nn\n"
    for (i = 0; i < 62; i++) { printf "def f%d():\n    return ", i
        for (k = 0; k < 985; k++) printf "1**"; if (i < 61) printf "f%d()\n\n", i + 1; else print "1\n" }
    print "class M(nn.Module):\n    def __init__(self):\n        super().__init__()"
    print "        self.fc = nn.Linear(f0(), 4)\n\n    def forward(self, x):\n        return self.fc(x)" }' >"$tmp/calls.py"
expect "62 calls of a 985-deep expression" 1 "calls.py:.*: error: too deeply nested: more than 2000 levels" "$tmp/calls.py" --emit-dsl -o -
torch_file 'self.layers = nn.ModuleList([nn.Linear(4, 4) for i in range(10 ** 6)])' >"$tmp/loop.py"
expect "a million layers from a comprehension" 1 "loop.py:7:.*: error: the code runs too long to be evaluated statically" "$tmp/loop.py" --emit-dsl -o -
torch_file 'n = 0
        while True:
            n = n + 1' >"$tmp/while.py"
expect "while True" 1 "while.py:.*: error: the code runs too long" "$tmp/while.py" --emit-dsl -o -
torch_file 'n = len([0] * 10 ** 9)' >"$tmp/list.py"; sed -i 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' "$tmp/list.py"
expect "a list of 10**9 elements" 1 "list.py:7:.*: error: a list this long" "$tmp/list.py" --emit-dsl -o -
torch_file 'n = len("ab" * 10 ** 10)' >"$tmp/str.py"; sed -i 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' "$tmp/str.py"
expect "a string of 2*10**10 characters" 1 "str.py:7:.*: error: a string this long" "$tmp/str.py" --emit-dsl -o -
torch_file 'n = 2 ** 64' >"$tmp/big.py"; sed -i 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' "$tmp/big.py"
expect "2 ** 64" 1 "big.py:7:.*: error: an integer beyond 64 bits" "$tmp/big.py" --emit-dsl -o -
torch_file 'n = -2 ** 63 // -1' >"$tmp/div.py"; sed -i 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' "$tmp/div.py"
expect "-2**63 // -1" 1 "div.py:7:.*: error: an integer beyond 64 bits" "$tmp/div.py" --emit-dsl -o -
torch_file 'n = 3 ** 4 - 2 ** 6' >"$tmp/pow.py"; sed -i 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' "$tmp/pow.py"
n=$((n + 1))
"$NNC" "$tmp/pow.py" --emit-dsl -o - 2>"$tmp/err" | grep -q "in_features=17" || { fail "3 ** 4 - 2 ** 6"; cat "$tmp/err"; }

torch_file 'n = (-2 ** 62 * 2) % 3 + (-7) % 3 * 10 + (7 % -3 + 3) * 100' >"$tmp/mod.py"; sed -i 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' "$tmp/mod.py"
n=$((n + 1))
"$NNC" "$tmp/mod.py" --emit-dsl -o - 2>"$tmp/err" | grep -q "in_features=121" || { fail "Python's % at the edge of 64 bits"; cat "$tmp/err"; }

# The evaluator computes what CPython computes, or refuses.
vals="$top_srcdir/tests/eval/values.py"
want=$("$PYTHON" -c 'import sys; src = open(sys.argv[1]).read(); exec(src.split("\nclass M")[0]); print(len(checks), n, len(bad))' "$vals")
expect_out "int(), len(), str(float) and f-strings as CPython ($want)" "in_features=${want%% *}\$" "$vals" --emit-dsl
n=$((n + 1))
[ "$want" = "${want%% *} ${want%% *} 0" ] || fail "CPython disagrees with tests/eval/values.py: $want"
torch_file 'n = int("99999999999999999999")' | sed 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' >"$tmp/intstr.py"
expect "int('99999999999999999999')" 1 "intstr.py:7:13: error: an integer beyond 64 bits" "$tmp/intstr.py" --emit-dsl -o -
torch_file 'n = 99999999999999999999 // 10 ** 10' | sed 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' >"$tmp/intlit.py"
expect "the literal 99999999999999999999" 1 "intlit.py:7:13: error: an integer beyond 64 bits" "$tmp/intlit.py" --emit-dsl -o -
torch_file 'n = int("1__0")' | sed 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' >"$tmp/intbad.py"
expect "int('1__0')" 1 "intbad.py:7:13: error: '1__0' is not an integer literal" "$tmp/intbad.py" --emit-dsl -o -
torch_file 'n = len(f"{10 ** 6:,}")' | sed 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' >"$tmp/fspec.py"
expect "the format spec ','" 1 "fspec.py:7:.*: error: this f-string part is not known statically" "$tmp/fspec.py" --emit-dsl -o -

# Lists: the million-item limit holds for extend and +=, a list extended by
# itself is extended once, and an empty list repeated 10**15 times is empty.
torch_file 's = [1, 2]; s.extend(s); n = len(s)' | sed 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' >"$tmp/ext.py"
expect_out "s.extend(s)" "in_features=4\$" "$tmp/ext.py" --emit-dsl
torch_file 's = [1] * 600000; s.extend(s); n = len(s)' | sed 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' >"$tmp/ext2.py"
expect "extend beyond a million items" 1 "ext2.py:7:27: error: a list this long" "$tmp/ext2.py" --emit-dsl -o -
torch_file 's = [1] * 600000; s += s; n = len(s)' | sed 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' >"$tmp/pluseq.py"
expect "+= beyond a million items" 1 "pluseq.py:7:27: error: a list this long" "$tmp/pluseq.py" --emit-dsl -o -
torch_file 'n = len([] * 10 ** 15) + 2' | sed 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' >"$tmp/empty.py"
expect_out "[] * 10 ** 15" "in_features=2\$" "$tmp/empty.py" --emit-dsl
# Generated operand lists are built in linear time and memory.
sed 's/return self.fc(x)/return torch.cat([self.fc(x)] * 100000, dim=1)/' "$tmp/x.py" | sed 's/^import torch.nn as nn/import torch\nimport torch.nn as nn/; s/nn.Linear(f(0), 4)/nn.Linear(4, 4)/; /def f(k)/d' >"$tmp/cat.py"
printf '\n\nm = M()\nm(torch.randn(2, 4))\n' >>"$tmp/cat.py"
expect_out "torch.cat of 100,000 tensors" "torch.cat((x, x, x" "$tmp/cat.py" --target torch-sub

torch_file 'n = len("{}{0}".format(1, 2))' | sed 's/nn.Linear(4, 4)/nn.Linear(n, 4)/' >"$tmp/fmtmix.py"
expect "str.format mixing {} and {0}" 1 "fmtmix.py:7:17: error: .*format()" "$tmp/fmtmix.py" --emit-dsl -o -

# File size: 64 MiB at most, also for endless inputs.
truncate -s 65M "$tmp/huge.nn"
expect "a 65 MiB file" 3 "larger than 64 MiB" "$tmp/huge.nn" --check
if [ -r /dev/zero ]; then
    expect "an endless input" 3 "larger than 64 MiB" /dev/zero --check
fi

# Model size: a million layers, operations and modules at most.
awk 'BEGIN { print "huge:\n    layers:"
    for (i = 0; i <= 500000; i++) printf "        - l%d: type=Flatten\n", i
    print "    modules:"
    for (i = 0; i <= 500000; i++) printf "        - l%d\n", i }' >"$tmp/items.nn"
expect "1000002 layers and modules" 1 "items.nn: more than 1000000 layers, operations and modules" "$tmp/items.nn" --check

# Diagnostics stay small: the source line is cut around the column, at
# most 20 errors are printed per file, then a count of the others.
awk 'BEGIN { printf "m: input_shape=[4] layers: - a: type=Linear in_features=4 out_features=2"
    for (i = 0; i < 2000; i++) printf " bad%d=1", i; print "" }' >"$tmp/oneline.nn"
expect "2000 errors on one 19 KB line" 1 "^nnc: 1980 more errors not shown" "$tmp/oneline.nn" --check
n=$((n + 1))
[ "$(wc -c <"$tmp/err")" -lt 20000 ] || fail "2000 errors on one line: $(wc -c <"$tmp/err") bytes of diagnostics"
[ "$(grep -c ': error: ' "$tmp/err")" -eq 20 ] || fail "2000 errors on one line: not 20 errors printed"
{ printf '<?xml version="1.0" encoding="UTF-8"?>\n<nn:NN xmlns:xmi="http://www.omg.org/spec/XMI/20131001" xmlns:nn="http://besser-pearl.org/nnc/besser_nn/1.0" xmi:version="20131001" xmi:id="nn" name="m"'
  rep ' u="v"' 1 | sed 's/u=/u0=/'; awk 'BEGIN { for (i = 1; i < 9990; i++) printf " u%d=\"v\"", i }'; printf '/>\n'; } >"$tmp/attrs.xmi"
t0=$(date +%s)
expect "a 100 KB XMI line with 9990 unknown attributes" 1 "^nnc: 99.. more errors not shown" "$tmp/attrs.xmi" --check
n=$((n + 1))
[ $(($(date +%s) - t0)) -le 10 ] || fail "9990 unknown XMI attributes took $(($(date +%s) - t0)) s"
[ "$(wc -c <"$tmp/err")" -lt 20000 ] || fail "9990 unknown XMI attributes: $(wc -c <"$tmp/err") bytes of diagnostics"
# 100,000 attributes of one element: libxml2 compares them pairwise (minutes);
# nnc refuses more than 10,000 before it parses.
{ printf '<?xml version="1.0" encoding="UTF-8"?>\n<nn:NN xmlns:xmi="http://www.omg.org/spec/XMI/20131001" xmlns:nn="http://besser-pearl.org/nnc/besser_nn/1.0"'
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf " u%d=\"v\"", i }'; printf '/>\n'; } >"$tmp/crowded.xmi"
t0=$(date +%s)
expect "an XMI element with 100000 attributes" 1 "crowded.xmi:2:[0-9]*: error: an element with more than 10000 attributes (nnc's limit)" "$tmp/crowded.xmi" --check
n=$((n + 1))
[ $(($(date +%s) - t0)) -le 2 ] || fail "100000 XMI attributes took $(($(date +%s) - t0)) s"

# Linear stages: 10 times the input costs at most 11 times as much (see
# below).  Timed runs are under a memory limit so that a quadratic stage
# fails instead of exhausting the machine; counted runs, under a time limit.
mem=2000000
(ulimit -v $mem; "$NNC" --version) >/dev/null 2>&1 || mem=unlimited
ms() { # STATUS nnc ARGS...: the best of three run times in milliseconds of
    # processor time (user and system: what other processes do to the
    # machine does not count), or "failed" when a run ends with another
    # status (killed at the limit)
    "$PYTHON" - "$1" "$mem" "$NNC" "$@" <<'EOF_PY'
import resource, subprocess, sys
want, mem, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:4] + sys.argv[5:]
best = None
for _ in range(3):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    rc = subprocess.run(["sh", "-c", f'ulimit -v {mem}; exec timeout 20 "$@"', "sh", *argv],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != want:
        print("failed")
        sys.exit(0)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    best = used if best is None else min(best, used)
print(int(best * 1000))
EOF_PY
}
# How linearity is judged.  With valgrind, by the instructions nnc executes
# (cachegrind without its cache model: a count, the same on every x86-64
# processor and unmoved by load), so 10 times the input may cost at most
# 11 times the instructions: a stage quadratic in even a hundredth of its
# work shows.  Processor time is no such measure: a run of 180 MB leaves
# the caches that a run of 18 MB fits in, and the ratio then depends on the
# processor's cache sizes and on what the other tests do to them (it varied
# from 10.1 to 12.5 times across machines for the same linear work).
# Without valgrind, processor time is judged, at 12 times.  Under the
# sanitizers neither is judged (shadow memory and quarantine grow faster
# than the work): the runs must only end as expected.  scripts/test.sh runs
# this script in both builds.
sanitized() { [ "${NNC_SANITIZED:-no}" = yes ]; }
counted() { ! sanitized && command -v valgrind >/dev/null 2>&1; }
icount() { # STATUS nnc ARGS...: the instructions of one run, or "failed"
    want=$1; shift
    timeout 300 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        "$@" >/dev/null 2>"$tmp/vg"
    rc=$?
    [ $rc -eq "$want" ] || { echo failed; return; }
    sed -n 's/.*I *refs: *//p' "$tmp/vg" | tr -d ,
}
linear() { # NAME STATUS SMALL BIG OPTIONS...
    name=$1; want=$2; small=$3; big=$4; shift 4; n=$((n + 1))
    if counted; then
        a=$(icount "$want" "$NNC" "$small" "$@"); b=$(icount "$want" "$NNC" "$big" "$@")
        case "$a$b" in *failed*|"") fail "$name: a run did not end with status $want"; return ;; esac
        echo "linear: $name: $a instructions, 10 times the input: $b"
        [ "$b" -le "$((a * 11))" ] ||
            fail "$name: $a instructions, but $b for 10 times the input (at most 11 times)"
        return
    fi
    a=$(ms "$want" "$small" "$@"); b=$(ms "$want" "$big" "$@")
    case "$a$b" in *failed*) fail "$name: a run did not end with status $want"; return ;; esac
    # Noise only ever adds time: the best of five runs of each size is judged
    # (a loaded machine otherwise fails runs of a few tens of ms).
    if ! sanitized; then
        for _ in 1 2 3 4; do
            a2=$(ms "$want" "$small" "$@"); b2=$(ms "$want" "$big" "$@")
            case "$a2$b2" in *failed*) fail "$name: a run did not end with status $want"; return ;; esac
            [ $a2 -lt $a ] && a=$a2
            [ $b2 -lt $b ] && b=$b2
        done
    fi
    echo "linear: $name: $a ms, 10 times the input: $b ms"
    sanitized || [ $b -le $((12 * a + 10)) ] || fail "$name: $a ms, but $b ms for 10 times the input (at most 12 times)"
}
lin_nn() { # FILE COUNT BODY-GENERATOR: a one-layer network around generated text
    awk -v n="$2" -v what="$3" 'BEGIN {
        print "m:\n    input_shape=[4]\n    layers:"
        if (what == "comments") for (i = 0; i < n; i++) print "    # c"
        print "        - a:\n            type=Linear\n            in_features=4"
        if (what == "token") { printf "            out_features=0."; for (i = 0; i < n; i++) printf "4"; print "" }
        else print "            out_features=4"
        if (what == "concat") { printf "    tensor_ops:\n        - name=cat\n            type=concatenate\n            concatenate_dim=-1\n            layers_of_tensors=[\"a\""
            for (i = 1; i < n; i++) printf ", \"a\""; print "]" }
        print "    modules:"
        if (what == "reuse") for (i = 0; i < n; i++) print "        - a"
        else print "        - a"
        if (what == "concat") print "        - cat"
    }' >"$1"
}
lin_nn "$tmp/c1.nn" 10000 comments; lin_nn "$tmp/c2.nn" 100000 comments
linear "100000 comment lines" 0 "$tmp/c1.nn" "$tmp/c2.nn" --emit-dsl -o -
lin_nn "$tmp/t1.nn" 400000 token; lin_nn "$tmp/t2.nn" 4000000 token
linear "a 4 MB token" 1 "$tmp/t1.nn" "$tmp/t2.nn" --check
lin_nn "$tmp/k1.nn" 3200 concat; lin_nn "$tmp/k2.nn" 32000 concat
linear "a concatenate of 32000 references" 0 "$tmp/k1.nn" "$tmp/k2.nn" --target torch-sub -o -
linear "a concatenate of 32000 references (Keras)" 0 "$tmp/k1.nn" "$tmp/k2.nn" --target tf-sub -o -
lin_nn "$tmp/u1.nn" 40000 reuse; lin_nn "$tmp/u2.nn" 400000 reuse
linear "UML: one module used 400000 times" 0 "$tmp/u1.nn" "$tmp/u2.nn" --target uml -o -
# budget NAME STATUS INSTRUCTIONS MS ARGS...: one run ends with STATUS within
# a budget, counted in instructions where linear() counts them (else in
# milliseconds of processor time).
budget() {
    name=$1; want=$2; instr=$3; msec=$4; shift 4; n=$((n + 1))
    if counted; then
        t=$(icount "$want" "$NNC" "$@"); unit=instructions; limit=$instr
    else
        t=$(ms "$want" "$@"); unit=ms; limit=$msec; sanitized && limit=$((msec * 10))
    fi
    case $t in
    *failed*|"") fail "$name: not an error (exit $want)" ;;
    *) [ "$t" -le "$limit" ] || fail "$name: $t $unit, over the budget of $limit" ;;
    esac
}
# A class that builds two of itself, read with --keep-going (found by the
# fuzz_m2m target): the recursion budget ends the stage at once, not after
# 2^depth calls below the limit (82 million instructions).
budget "a class building two of itself" 1 500000000 500 \
    "$top_srcdir/tests/fuzz/regress/m2m_class_builds_itself_twice.py" --keep-going --target tf-sub -o -
# A module whose forward applies itself twice, read with --keep-going
# (found by fuzz_m2m): the block nesting limit ends the stage at once, not
# after 100,000 steps of reports below it (1.3 s of processor time before,
# 13 million instructions now).
budget "a module applying itself twice" 1 100000000 100 \
    "$top_srcdir/tests/fuzz/regress/m2m_module_applies_itself_twice.py" --keep-going --check
# A Keras layer that builds itself in __init__, with misspelt layers, read
# with --keep-going (found by fuzz_m2m): each of the 2000 levels asked for the
# same did-you-mean again (240 ms of processor time; 20 ms and 55 million
# instructions with the reader's cache of recent suggestions).
budget "a Keras layer building itself" 1 200000000 100 \
    "$top_srcdir/tests/fuzz/regress/m2m_keras_layer_builds_itself.py" --keep-going --check
keras_chain() { # FILE COUNT STYLE: a Keras chain of COUNT Dense layers
    "$PYTHON" - "$@" <<'EOF_PY'
import sys
path, n, style = sys.argv[1], int(sys.argv[2]), sys.argv[3]
head = "import keras\nfrom keras import layers\n\n"
if style == "literal":
    body = ("model = keras.Sequential([keras.Input(shape=(8,)),\n"
            + "".join("    layers.Dense(8, activation='relu'),\n" for _ in range(n)) + "])\n")
elif style == "one-line":  # every layer on one line: comments are looked up by line index
    body = ("model = keras.Sequential([keras.Input(shape=(8,)), "
            + "".join("layers.Dense(8), " for _ in range(n)) + "])\n")
elif style == "activations":  # BatchNormalization then Activation: folded into it
    body = ("model = keras.Sequential([keras.Input(shape=(8, 8, 3))])\n"
            + "".join("model.add(layers.Conv2D(4, 3, padding='same'))\n"
                      "model.add(layers.BatchNormalization())\nmodel.add(layers.Activation('relu'))\n"
                      for _ in range(n // 3)))
elif style == "add":
    body = ("model = keras.Sequential()\nmodel.add(keras.Input(shape=(8,)))\n"
            + "".join("model.add(layers.Dense(8))\n" for _ in range(n)))
else:
    body = ("x0 = keras.Input(shape=(8,))\nx = x0\n"
            + "".join("x = layers.Dense(8)(x)\n" for _ in range(n)) + "model = keras.Model(x0, x)\n")
open(path, "w").write(head + body)
EOF_PY
}
for style in literal one-line add functional activations; do
    keras_chain "$tmp/ks1.py" 2000 $style; keras_chain "$tmp/ks2.py" 20000 $style
    for t in torch-sub tf-sub; do
        linear "Keras $style of 20000 layers, $t" 0 "$tmp/ks1.py" "$tmp/ks2.py" --target $t -o -
    done
done
for k in 1 2; do # the PyTorch reader: a Sequential of 2000, then 20000 layers in a model class
    printf 'import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = nn.Sequential(*[nn.Linear(8, 8) for _ in range(%d)])\n\n    def forward(self, x):\n        return self.body(x)\n' \
        $((k == 1 ? 2000 : 20000)) >"$tmp/p$k.py"
done
linear "PyTorch: a Sequential of 20000 layers" 0 "$tmp/p1.py" "$tmp/p2.py" --input-shape 8 --emit-dsl -o -

printf 'import torch\nimport torch.nn as nn\n\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.c = nn.Conv2d(1, 4, 3, padding=2 ** 62)\n\n    def forward(self, x):\n        return self.c(x)\n\n\nm = M()\nm(torch.randn(2, 1, 8, 8))\n' >"$tmp/conv.py"
expect "Conv2d(1, 4, 3, padding=2**62)" 1 "error: c: the padded size overflows 64 bits" "$tmp/conv.py" --target torch-sub -o -

# No fixed-size array a valid model can fill.
{ printf 'net:\n    input_shape=[2]\n    layers:\n        - fc:\n            type=Linear\n'
  printf '            out_features=3\n    tensor_ops:\n        - name=cat\n          type=concatenate\n'
  printf '          concatenate_dim=1\n          layers_of_tensors=[input'; rep ', input' 16
  printf ']\n    modules:\n        - cat\n        - fc\n'; } >"$tmp/cat17.nn"
expect_out "a concatenate of 17 tensors" "nn.Linear(34, 3)" "$tmp/cat17.nn" --target torch-sub
printf 'import keras\nfrom keras import layers\n\nmodel = keras.Sequential([keras.Input(shape=(8,))] + [layers.LayerNormalization() for i in range(66)] + [layers.Dense(3)])\n' >"$tmp/ln66.py"
expect_out "66 LayerNormalization layers" "layer_normalization_66 = nn.LayerNorm(8," "$tmp/ln66.py" --target torch-sub

# A sample input with more axes than a shape holds (or a size not known) gives
# no input shape, not a truncated one.
printf 'import torch\nimport torch.nn as nn\n\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.f = nn.Flatten()\n        self.fc = nn.Linear(5040, 4)\n\n    def forward(self, x):\n        return self.fc(self.f(x))\n\n\nm = M()\nm(torch.randn(1, 2, 3, 4, 5, 6, 7, 1, 1, 1))\n' >"$tmp/dims10.py"
expect_out "a 10-axis sample input" "in_features=5040" "$tmp/dims10.py" --emit-dsl
n=$((n + 1))
! grep -q "input_shape" "$tmp/out" || fail "a 10-axis sample input gave $(grep input_shape "$tmp/out")"

printf 'import keras\nfrom keras import layers\n\nmodel = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(3)])\nmodel.compile(optimizer="adam", loss="mse", metrics=["accuracy"] * 9 + ["mae"])\nmodel.fit([[0.0] * 8], [[0.0] * 3], epochs=2, batch_size=4)\n' >"$tmp/metrics.py"
expect_out "nine metrics, then mae" 'metrics=\["accuracy", "mae"\]' "$tmp/metrics.py" --emit-dsl

# kshape: x.shape runs shape inference over the model read so far; all the
# queries of one file together have a budget (a chain reading x.shape at
# each layer: 600 layers fit, 3000 are refused quickly).
dims_chain() { # FILE COUNT
    printf 'import keras\nfrom keras import layers\n\n\ndef build(n):\n    inputs = keras.Input(shape=(8,))\n    x = inputs\n    for i in range(n):\n        x = layers.Dense(x.shape[-1])(x)\n    return keras.Model(inputs, x)\n\n\nmodel = build(%d)\n' "$2" >"$1"
}
dims_chain "$tmp/dims600.py" 600
expect_out "x.shape at each of 600 layers" "dense_600:" "$tmp/dims600.py" --emit-dsl
dims_chain "$tmp/dims3000.py" 3000
expect "x.shape at each of 3000 layers" 1 "dims3000.py:9:26: error: reading tensor shapes while building a model this large is beyond nnc's limit" "$tmp/dims3000.py" --emit-dsl -o -

# Sizes are computed with checked arithmetic: an overflow is an error.
printf 'import torch\nimport torch.nn as nn\n\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 4)\n\n    def forward(self, x):\n        return self.fc(x).view(x.size(0), 2 ** 32, 2 ** 32, -1)\n\n\nm = M()\nm(torch.randn(2, 4))\n' >"$tmp/view.py"
expect "x.view(2**32, 2**32, -1)" 1 "view.py:11:16: error: reshape's sizes overflow 64 bits" "$tmp/view.py" --target torch-sub -o -

# Blocks (user modules) nest as sub-networks do: 32 levels.
blocks() { # N: a model whose forward goes through N nested user modules
    "$PYTHON" - "$1" <<'EOF'
import sys
n = int(sys.argv[1])
out = ["import torch", "import torch.nn as nn", ""]
for i in range(n - 1, -1, -1):
    inner = "nn.Linear(4, 4)" if i == n - 1 else "B%d()" % (i + 1)
    out += ["", "class B%d(nn.Module):" % i, "    def __init__(self):", "        super().__init__()",
            "        self.inner = " + inner, "        self.act = nn.ReLU()", "",
            "    def forward(self, x):", "        return self.act(self.inner(x))", ""]
out += ["", "class M(nn.Module):", "    def __init__(self):", "        super().__init__()",
        "        self.body = B0()", "", "    def forward(self, x):", "        return self.body(x)",
        "", "", "m = M()", "m(torch.randn(2, 4))"]
print("\n".join(out))
EOF
}
blocks 32 >"$tmp/blocks32.py"
expect_out "32 nested blocks" "nn.Linear(" "$tmp/blocks32.py" --target torch-sub
blocks 33 >"$tmp/blocks33.py"
expect "33 nested blocks" 1 "blocks33.py:22:25: error: blocks nest more than 32 levels deep" "$tmp/blocks33.py" --target torch-sub -o -

# An add nests one level per tensor in the generated code: 1000 at most.
addnn() { # N: an add of N references to the input
    awk -v n="$1" 'BEGIN { printf "net:\n    input_shape=[2]\n    layers:\n        - fc:\n            type=Linear\n            out_features=3\n    tensor_ops:\n        - name=s\n          type=add\n          layers_of_tensors=[input"
        for (i = 1; i < n; i++) printf ", input"; print "]\n    modules:\n        - s\n        - fc" }'
}
addnn 1000 >"$tmp/add1000.nn"
expect_out "an add of 1000 tensors" "x + x + x" "$tmp/add1000.nn" --target torch-sub
n=$((n + 1))
"$PYTHON" -c 'import sys; compile(sys.stdin.read(), "add1000.py", "exec")' <"$tmp/out" ||
    fail "an add of 1000 tensors: the generated Python does not compile"
addnn 3000 >"$tmp/add3000.nn"
expect "an add of 3000 tensors" 1 "add3000.nn:10:29: error: 'add' combines more than 1000 tensors" "$tmp/add3000.nn" --target torch-sub -o -

# Names are Python identifiers and no keyword, whatever the reader.
printf 'import keras\nfrom keras import layers\n\nmodel = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(3, name="class")])\n' >"$tmp/kwk.py"
expect "a Keras layer named class" 1 "kwk.py:4:52: error: 'class' cannot be a name" "$tmp/kwk.py" --target torch-sub -o -
torch_file 'self.add_module("None", nn.Linear(4, 4))' | sed 's/return self.fc(x)/return getattr(self, "None")(self.fc(x))/' >"$tmp/kwt.py"
expect "a PyTorch module added as None" 1 "error: 'None' cannot be a name" "$tmp/kwt.py" --target torch-sub -o -

# Nested sub-networks: 32 levels at most, each generated nn.Sequential nesting
# four brackets (CPython refuses more than 200); a chain of 240,000.
nest() { # N: a chain of N nested sub-networks, each with one Linear
    awk -v n="$1" 'BEGIN { print "net:\n    input_shape=[4]\n    layers:\n        - l1:\n            type=Linear\n            out_features=2\n    sub_nn:"
        for (i = 0; i < n; i++) { printf "        - s%d:\n            layers:\n                - x:\n                    type=Linear\n                    out_features=4\n            modules:\n                - x\n", i
            if (i + 1 < n) printf "                - s%d\n", i + 1 }
        print "    modules:\n        - s0\n        - l1" }'
}
nest 32 >"$tmp/nest32.nn"
expect_out "32 nested sub-networks" "nn.Sequential" "$tmp/nest32.nn" --target torch-seq
n=$((n + 1))
"$PYTHON" -c 'import ast, sys; ast.parse(sys.stdin.read())' <"$tmp/out" || fail "32 nested sub-networks: the generated Python does not parse"
nest 49 >"$tmp/nest49.nn"
expect "49 nested sub-networks" 1 "nest49.nn:271:19: error: sub-networks nest more than 32 levels deep" "$tmp/nest49.nn" --target torch-seq -o -
nest 240000 | sed '8,$ { s/type=Linear/type=Flatten/; /out_features=4/d; }' >"$tmp/chain.nn"
expect "240,000 nested sub-networks" 1 "chain.nn:.*: error: sub-networks nest more than 32 levels deep" "$tmp/chain.nn" --check

# The evaluator is linear in what a program builds.  gen KIND N writes it.
gen() {
    "$PYTHON" - "$1" "$2" <<'EOF'
import sys
kind, n = sys.argv[1], int(sys.argv[2])
init, body, fwd = "pass", "", "return self.fc(x)"
if kind == "modulelist":
    init = "self.layers = nn.ModuleList([nn.Linear(4, 4) for i in range(%d)])" % n
    fwd = "for l in self.layers:\n            x = l(x)\n        return self.fc(x)"
elif kind == "variables":
    body = "".join("v%d = %d\n" % (i, i) for i in range(n))
elif kind == "dict keys":
    body = "d = {" + ", ".join("'k%d': %d" % (i, i) for i in range(n)) + "}\n"
elif kind == "attributes":
    body = "class C:\n    pass\n\n\nc = C()\n" + "".join("c.a%d = %d\n" % (i, i) for i in range(n))
else:
    body = "def f(**kw):\n    return len(kw)\n\n\nN = f(" + ", ".join("k%d=%d" % (i, i) for i in range(n)) + ")\n"
print("import torch.nn as nn\n\n" + body + "\n\nclass M(nn.Module):\n    def __init__(self):\n"
      "        super().__init__()\n        %s\n        self.fc = nn.Linear(4, 4)\n\n"
      "    def forward(self, x):\n        %s" % (init, fwd))
EOF
}
for kind in variables "dict keys" attributes "keyword arguments" modulelist; do
    gen "$kind" 3000 >"$tmp/small.py"; gen "$kind" 30000 >"$tmp/large.py"
    linear "the evaluator: $kind" 0 "$tmp/small.py" "$tmp/large.py" --input-shape 4 --emit-dsl -o -
done

echo "limits: $((n - bad)) of $n checks passed"
[ $bad -eq 0 ]
