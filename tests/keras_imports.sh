#!/bin/sh
# keras_imports.sh - a Keras builder whose blocks live in a module beside the
# file read (tests/keras/imports/shop, a package): `from shop import blocks`
# reads shop/blocks.py (the package's __init__.py does not define it), whose
# own module-level model stays out of the one read; an error inside the
# imported file is located there; a module that is not beside the file is
# an error where it is used.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
shop="$top_srcdir/tests/keras/imports/shop"
run() { # WANT-STATUS FILE: run nnc into $tmp/out and $tmp/err
    rm -f "$tmp/out"
    "$NNC" "$2" --emit-dsl -o "$tmp/out" -f 2>"$tmp/err"
    rc=$?
    [ $rc -eq "$1" ] || { fail "nnc $2: exit $rc, not $1"; cat "$tmp/err"; }
}
has() { grep -q -- "$2" "$1" || { fail "$3: no '$2' in $(basename "$1")"; cat "$1"; }; }
hasnt() { ! grep -q -- "$2" "$1" || fail "$3: '$2' in $(basename "$1")"; }

run 0 "$shop/net.py"
has "$tmp/out" "b1_conv:" "blocks.conv_bn followed into shop/blocks.py"
tr -d ' \n' <"$tmp/out" >"$tmp/flat"
has "$tmp/flat" "b2_conv:type=Conv2Din_channels=4out_channels=8" "filters from x.shape[-1] * 2"
hasnt "$tmp/out" "demo_dense" "the imported module's own model"

run 1 "$shop/net_misspelt.py"
# the imported file is named by its path with "dir/.." folded (a build
# outside the source tree gives top_srcdir as ../..)
has "$tmp/err" "^[^ ]*/tests/keras/imports/shop/misspelt.py:7:12: error: keras.layers.BatchNormalisation has no pivot equivalent" "an error inside the imported file"

run 1 "$shop/net_missing.py"
has "$tmp/err" "^$shop/net_missing.py:8:32: error: cannot import 'nowhere' from .*shop/__init__.py" "a module not beside the file"
[ ! -s "$tmp/out" ] || fail "output written after an error"

[ $bad -eq 0 ] && echo "Keras builders across files: all checks passed"
[ $bad -eq 0 ]
