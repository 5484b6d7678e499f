"""nnc on code nobody here wrote: torchvision's model files.

For each architecture of ROWS, nnc migrates torchvision/models/<file>.py
with --class <factory> to tf-sub (with --input-shape).  When nnc exits 0,
the harness builds the torchvision model (random weights, batch-norm
statistics and affine weights far from 0 and 1), copies the weights into
the migrated Keras model with the mapping of torch_equiv.py, and compares
the outputs on a few random inputs: the largest absolute difference must
be at most 1e-5 times the output's scale (max(1, max |output|)).  When nnc
exits non-zero, its first error must be located in the file
(file:line:col, not 1:1); its message is recorded as the cause.

The wheel is the CUDA build: it is imported under the CPU torch with stub
modules for its compiled extension.

Usage: torchvision_equiv.py NNC TORCHVISION_DIR TABLE_DOC [ARCH...]
TORCHVISION_DIR holds the unpacked wheel (its torchvision/ folder);
TABLE_DOC is doc/m2m-torch.md, whose committed table says which
architectures were equivalent: none of them may regress.
Prints the table; exit status 1 when a check fails.
"""

import os
import re
import subprocess
import sys
import tempfile
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from equiv import load, model_class  # noqa: E402
from torch_equiv import compare, copy_keras, perturb_norms, run_keras, run_torch, \
    source_index  # noqa: E402

TOLERANCE = 1e-5
SAMPLES = 2

# architecture, file under torchvision/models, factory, input (C, H, W):
# the smallest image each model takes (ViT's is fixed by its factory).
ROWS = [
    ("alexnet", "alexnet", "alexnet", (3, 64, 64)),
    ("vgg11_bn", "vgg", "vgg11_bn", (3, 32, 32)),
    ("resnet18", "resnet", "resnet18", (3, 32, 32)),
    ("resnet50", "resnet", "resnet50", (3, 32, 32)),
    ("squeezenet1_1", "squeezenet", "squeezenet1_1", (3, 64, 64)),
    ("densenet121", "densenet", "densenet121", (3, 32, 32)),
    ("googlenet", "googlenet", "googlenet", (3, 64, 64)),
    ("inception_v3", "inception", "inception_v3", (3, 75, 75)),
    ("mobilenet_v2", "mobilenetv2", "mobilenet_v2", (3, 32, 32)),
    ("mobilenet_v3_small", "mobilenetv3", "mobilenet_v3_small", (3, 32, 32)),
    ("efficientnet_b0", "efficientnet", "efficientnet_b0", (3, 32, 32)),
    ("shufflenet_v2_x1_0", "shufflenetv2", "shufflenet_v2_x1_0", (3, 32, 32)),
    ("mnasnet0_5", "mnasnet", "mnasnet0_5", (3, 32, 32)),
    ("regnet_y_400mf", "regnet", "regnet_y_400mf", (3, 32, 32)),
    ("convnext_tiny", "convnext", "convnext_tiny", (3, 32, 32)),
    ("vit_b_16", "vision_transformer", "vit_b_16", (3, 224, 224)),
    # the stretch goals the issue names
    ("swin_t", "swin_transformer", "swin_t", (3, 32, 32)),
    ("maxvit_t", "maxvit", "maxvit_t", (3, 224, 224)),
    # the other variants of the same files: other widths, depths, groups
    ("vgg16", "vgg", "vgg16", (3, 32, 32)),
    ("resnext50_32x4d", "resnet", "resnext50_32x4d", (3, 32, 32)),
    ("wide_resnet50_2", "resnet", "wide_resnet50_2", (3, 32, 32)),
    ("densenet169", "densenet", "densenet169", (3, 32, 32)),
    ("mobilenet_v3_large", "mobilenetv3", "mobilenet_v3_large", (3, 32, 32)),
    ("efficientnet_v2_s", "efficientnet", "efficientnet_v2_s", (3, 32, 32)),
    ("shufflenet_v2_x0_5", "shufflenetv2", "shufflenet_v2_x0_5", (3, 32, 32)),
    ("mnasnet1_0", "mnasnet", "mnasnet1_0", (3, 32, 32)),
    ("regnet_x_400mf", "regnet", "regnet_x_400mf", (3, 32, 32)),
    ("convnext_small", "convnext", "convnext_small", (3, 32, 32)),
]

TABLE_START = "<!-- torchvision table: tests/torchvision.sh -->"
TABLE_END = "<!-- end of the torchvision table -->"


def import_torchvision(folder):
    """torchvision from the unpacked wheel, its compiled operators stubbed."""
    ext = types.ModuleType("torchvision.extension")
    ext._has_ops = lambda: False

    def no_ops():
        raise RuntimeError("torchvision's compiled operators are not loaded")
    ext._assert_has_ops = no_ops
    ext._register_extensions = lambda: None
    ext._load_library = lambda *a, **k: None
    ext._check_cuda_version = lambda: -1
    sys.modules["torchvision.extension"] = ext
    sys.modules["torchvision._meta_registrations"] = types.ModuleType(
        "torchvision._meta_registrations")
    sys.path.insert(0, folder)
    import torchvision.models
    return torchvision.models


def migrate(nnc, path, factory, shape, out):
    """nnc's exit status and standard error."""
    cmd = [nnc, path, "--class", factory, "--target", "tf-sub",
           "--input-shape", ",".join(map(str, shape)), "-o", out, "-f"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    return run.returncode, run.stderr


def located_error(path, stderr):
    """The first error's message when it is located in path or in a file it
    imports (not at 1:1), else None; the other file is named after it."""
    for line in stderr.splitlines():
        m = re.match(r"(.*?):(\d+):(\d+): error: (.*)", line)
        if m and os.path.isfile(m.group(1)) and (m.group(2), m.group(3)) != ("1", "1"):
            if os.path.samefile(m.group(1), path):
                return m.group(4)
            where = os.path.relpath(m.group(1), os.path.dirname(os.path.dirname(path)))
            return f"{m.group(4)} ({where}:{m.group(2)})"
        if "error:" in line:
            return None
    return None


@torch.no_grad()
def equivalence(models, factory, shape, out, rng):
    """The largest difference between torchvision's model and the migrated one, and the scale."""
    torch.manual_seed(0)
    source = getattr(models, factory)()
    source.eval()
    perturb_norms(source, rng)
    x = rng.normal(0, 1, (SAMPLES, *shape)).astype("float32")
    ref = run_torch(source, x, 0)
    module = load(out, f"tv_{factory}")
    migrated = model_class(module, False)()
    migrated(x[:1])
    copy_keras(source_index(source), migrated)
    got = run_keras(migrated, x, 0)
    return compare(ref, got), max(1.0, float(np.max(np.abs(ref))))


def committed(doc):
    """Architectures the committed table says are equivalent."""
    try:
        text = open(doc).read()
    except OSError:
        return set()
    if TABLE_START not in text:
        return set()
    table = text.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0]
    rows = (line.split("|") for line in table.splitlines() if line.startswith("| "))
    return {cells[1].strip() for cells in rows
            if len(cells) > 3 and cells[3].strip().startswith("yes")}


def check(nnc, folder, row, models, tmp, rng):
    """One architecture: (migrated, equivalent text, cause, failure or None)."""
    arch, file, factory, shape = row
    path = os.path.join(folder, "torchvision", "models", f"{file}.py")
    out = os.path.join(tmp, f"{arch}.py")
    rc, err = migrate(nnc, path, factory, shape, out)
    if rc != 0:
        cause = located_error(path, err)
        if cause is None:
            first = next((l for l in err.splitlines() if "error" in l), err.strip()[:200])
            return "no", "-", first, f"nnc exited {rc} without a located error: {first}"
        return "no", "-", cause, None
    try:
        diff, scale = equivalence(models, factory, shape, out, rng)
    except Exception as e:  # noqa: BLE001 - a crashing migrated model fails the test
        return "yes", "no", f"{type(e).__name__}: {e}"[:160], f"migrated model fails: {e}"
    ok = diff <= TOLERANCE * scale
    text = f"{'yes' if ok else 'no'} ({diff:.1e})"
    return "yes", text, "" if ok else "outputs differ", \
        None if ok else f"max abs difference {diff:.3g} (scale {scale:.3g})"


def main(argv):
    nnc, folder, doc = argv[1:4]
    wanted = set(argv[4:])
    models = import_torchvision(folder)
    before = committed(doc)
    rng = np.random.default_rng(0)
    failures, lines = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for row in ROWS:
            if wanted and row[0] not in wanted:
                continue
            migrated, equivalent, cause, failure = check(nnc, folder, row, models, tmp, rng)
            if failure is None and row[0] in before and not equivalent.startswith("yes"):
                failure = "was equivalent in the committed table"
            if failure:
                failures.append(f"{row[0]}: {failure}")
            cause = cause.replace("|", "\\|")
            lines.append(f"| {row[0]} | {migrated} | {equivalent} | {cause} |")
    print("| architecture | migrated | equivalent (max abs difference) | cause when not |")
    print("|---|---|---|---|")
    print("\n".join(lines))
    for f in failures:
        print(f"FAIL {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
