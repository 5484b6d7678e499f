"""keras.applications through nnc: the Keras reader on code other people wrote.

For each application below, nnc migrates the installed Keras's own source file
(keras/src/applications/*.py, read at test time, never copied into the
project) with --class 'Function(arguments)' to torch-sub.
  - exit 0: the Keras model is built from the same function and arguments
    (weights=None: random weights, then modest random weights and batch-norm
    statistics far from 0 and 1), its weights are copied into the migrated
    PyTorch model by layer name (tests/equiv/equiv.py; a layer inside a named
    Sequential block by the block's name before its own, as nnc names it
    when its own does not start with it), and both run on a few
    random inputs: every output within 1e-5 of the source's, relative to the
    output scale (max(1, max |source output|)).
  - otherwise: the first error must be located inside the application file
    (FILE:LINE:COL, not 1:1), and its message is recorded.
The committed table (doc/m2m-keras.md, between the "applications table"
markers) says which are equivalent; one of those that no longer is fails the
test, as does a model that exits 0 and computes something else or crashes, or
an unlocated error.  Prints the table as it stands.

Usage: applications_equiv.py NNC DOC.md [--write]   (--write updates DOC.md)
"""

import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "equiv"))

import equiv  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import keras  # noqa: E402
from keras.src.utils import naming  # noqa: E402

# (function, file, input side): include_top=False with global average pooling
# lets each model run at the smallest input side it accepts (a top needs the
# ImageNet size, 224, and a 100-million-weight classifier for VGG16).
APPS = [
    ("VGG16", "vgg16.py", 32), ("ResNet50", "resnet.py", 32),
    ("MobileNet", "mobilenet.py", 32), ("ResNet50V2", "resnet_v2.py", 32),
    ("MobileNetV2", "mobilenet_v2.py", 32), ("MobileNetV3Small", "mobilenet_v3.py", 32),
    ("DenseNet121", "densenet.py", 32), ("EfficientNetB0", "efficientnet.py", 32),
    ("EfficientNetV2B0", "efficientnet_v2.py", 32), ("Xception", "xception.py", 71),
    ("InceptionV3", "inception_v3.py", 75), ("NASNetMobile", "nasnet.py", 32),
    ("ConvNeXtTiny", "convnext.py", 32),
]
SAMPLES = 4
BEGIN, END = "<!-- applications table: begin -->", "<!-- applications table: end -->"


def kwargs(side):
    return dict(weights=None, include_top=False, input_shape=(side, side, 3), pooling="avg")


def spec(fn, side):
    return f"{fn}(weights=None, include_top=False, input_shape=({side}, {side}, 3), pooling='avg')"


def first_error(err):
    return next((line for line in err.splitlines() if ": error: " in line), err.strip() or "?")


def located(line, path):
    m = re.match(re.escape(path) + r":(\d+):(\d+): error: ", line)
    return bool(m) and (m.group(1), m.group(2)) != ("1", "1")


def nnc_name(layer):
    """The name nnc gives a layer Keras named itself: Keras numbers a class's
    unnamed layers conv2d, conv2d_1, conv2d_2 (from a fresh session), nnc
    conv2d, conv2d_2, conv2d_3."""
    base = naming.to_snake_case(type(layer).__name__)
    m = re.fullmatch(re.escape(base) + r"_(\d+)", layer.name)
    return f"{base}_{int(m.group(1)) + 1}" if m else layer.name


def block_names(kmodel):
    """nnc_name, and for a layer inside a named Sequential block (ConvNeXt's
    downsampling blocks) the block's path joined before it, as nnc names a
    layer in a block unless its own name already starts with that path."""
    names = {}
    for path, layer in equiv.keras_paths(kmodel):
        own, block = nnc_name(layer), "_".join(path[:-1])
        names[id(layer)] = own if not block or own.startswith(block + "_") else f"{block}_{own}"
    return lambda layer: names.get(id(layer), nnc_name(layer))


def compare(fn, side, out, rng):
    """Max abs difference of the migrated model from the Keras one, and the
    output scale."""
    keras.backend.clear_session()  # unnamed layers numbered from the start
    kmodel = getattr(keras.applications, fn)(**kwargs(side))
    equiv.randomise(kmodel, rng)
    module = equiv.load(out, f"app_{fn}")
    x = rng.normal(0, 1, (SAMPLES, side, side, 3)).astype("float32")
    tmodel, tx = equiv.run_torch(module, x, False)
    with torch.no_grad():
        before = tmodel(tx).numpy()
    equiv.copy_weights(kmodel, tmodel, rng, {}, block_names(kmodel))
    with torch.no_grad():
        y = tmodel(tx).numpy()
    ref = np.asarray(kmodel(x, training=False))
    if y.shape != ref.shape:
        raise ValueError(f"output shape {y.shape}, Keras gives {ref.shape}")
    if np.max(np.abs(before - ref)) <= 1e-3:  # the comparison must be able to fail
        raise ValueError("the output does not depend on the copied weights")
    return float(np.max(np.abs(y - ref))), max(1.0, float(np.max(np.abs(ref))))


def run_one(nnc, appdir, fn, file, side, tmp, rng):
    """(migrated, equivalent, difference text, cause) of one application."""
    path = os.path.join(appdir, file)
    out = os.path.join(tmp, f"{fn}.py")
    proc = subprocess.run([nnc, path, "--class", spec(fn, side), "--target", "torch-sub",
                           "-o", out, "-f"], capture_output=True, text=True)
    if proc.returncode != 0:
        line = first_error(proc.stderr)
        msg = line.split(": error: ", 1)[-1]
        where = line[len(path) + 1:].split(": error:")[0] if line.startswith(path) else "?"
        if not located(line, path):
            return "no", "no", "", f"UNLOCATED: {line}"
        return "no", "no", "", f"{file}:{where}: {msg}"
    try:
        mad, scale = compare(fn, side, out, rng)
    except Exception as e:  # noqa: BLE001  (a crash of the migrated model is a failure)
        return "yes", "CRASH", "", f"{type(e).__name__}: {e}"
    ok = mad <= 1e-5 * scale
    return "yes", "yes" if ok else "WRONG", f"{mad:.2g}", "" if ok else f"scale {scale:.3g}"


def committed(doc):
    """Applications the committed table says are equivalent."""
    text = open(doc).read()
    if BEGIN not in text:
        return set()
    table = text.split(BEGIN, 1)[1].split(END, 1)[0]
    return {m.group(1) for m in re.finditer(r"^\| (\w+) \| yes \| yes", table, re.M)}


def table(rows):
    lines = ["| application | migrated | equivalent (max abs difference) | cause when not |",
             "|---|---|---|---|"]
    for fn, migrated, eq, diff, cause in rows:
        cell = f"{eq} ({diff})" if diff else eq
        cause = cause.replace("|", "\\|")
        lines.append(f"| {fn} | {migrated} | {cell} | {cause} |")
    return "\n".join(lines)


def main(argv):
    nnc, doc, write = argv[1], argv[2], "--write" in argv
    appdir = os.path.join(os.path.dirname(keras.__file__), "src", "applications")
    rng = np.random.default_rng(0)
    start, rows, failures = time.time(), [], []
    before = committed(doc)
    with tempfile.TemporaryDirectory() as tmp:
        for fn, file, side in APPS:
            migrated, eq, diff, cause = run_one(nnc, appdir, fn, file, side, tmp, rng)
            rows.append((fn, migrated, eq, diff, cause))
            if eq in ("WRONG", "CRASH"):
                failures.append(f"{fn}: exit 0 but {eq}: {diff} {cause}")
            if cause.startswith("UNLOCATED"):
                failures.append(f"{fn}: {cause}")
            if fn in before and eq != "yes":
                failures.append(f"{fn}: the committed table says equivalent, now {eq}")
    print(table(rows))
    good = sum(1 for r in rows if r[2] == "yes")
    print(f"\nkeras.applications: {sum(1 for r in rows if r[1] == 'yes')} of {len(rows)} "
          f"migrated, {good} equivalent, {time.time() - start:.1f} s")
    if write:
        text = open(doc).read()
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        with open(doc, "w") as f:
            f.write(head + BEGIN + "\n" + table(rows) + "\n" + END + tail)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
