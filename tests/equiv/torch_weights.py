"""Trained weights travel with the migration: nnc --weights, checked.

For every examples/pytorch/X.py (the rows of torch_sources.py), the harness
builds the source model, perturbs its norm layers (batch-norm running
statistics far from 0 and 1, affine weights not 1 and 0: torch_equiv's
perturb_norms) and saves its state_dict with torch.save.  nnc migrates the
file to tf-sub, and a chain to tf-seq too, and converts the state_dict in
the same run (--weights; all
files in one Python process: --python is a stand-in that hands the
conversion program nnc wrote to this process, tests/equiv/stand_in.py).
The generated model is then built, loaded with model.load_weights(X.weights.h5) and run on random
inputs in the source's own layout (the generated Keras model takes them as
the source does); its outputs must match the source's within 1e-5 of the
output's scale (the largest absolute output value).

A file fails when nnc refuses it (no file is counted as passing unless it
was migrated and converted), when the weights file cannot be loaded, when
the outputs differ, or when the model's own random weights already give the
source's outputs (then the check could not see a wrong conversion).

Usage: torch_weights.py NNC EXAMPLES_DIR [NAME...]
Prints one line per file and a summary; exit status 1 when any file fails.
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import keras  # noqa: E402

from equiv import load, model_class  # noqa: E402
from torch_equiv import (batch_axis, first, import_source, make_inputs, perturb_norms,  # noqa: E402
                         run_keras, run_torch)
from torch_sources import SOURCES  # noqa: E402
from stand_in import run_nnc, stand_in  # noqa: E402

RELATIVE = 1e-5
SAMPLES = 16


def prepare(path, name, tmp, rng):
    """The source model's saved weights, inputs and outputs."""
    row = SOURCES[name]
    source = eval(row["builder"], vars(import_source(path, name)))
    source.eval()
    perturb_norms(source, rng)
    x = make_inputs(source, row, rng)
    axis = batch_axis(row)
    x = first(x, SAMPLES) if axis == 0 else x[:, :SAMPLES]
    saved = os.path.join(tmp, f"{name}.pt")
    torch.save(source.state_dict(), saved)
    return saved, x, axis, run_torch(source, x, axis)


def convert(nnc, path, name, saved, tmp, python, target="tf-sub"):
    """nnc FILE -t TARGET --weights SAVED: (status, stderr, code, weights).
    Keras makes a model's weights when the model first runs, so the
    conversion needs the input shape: the row's, as the source takes it
    (the pivot's input is the source's, its first axis taken as the batch:
    for a time-major row, the axes after the first, the batch among them)."""
    code = os.path.join(tmp, f"{name}_{target.replace('-', '_')}.py")
    row = SOURCES[name]
    if "inputs" in row:  # several inputs: one named shape each
        given = [arg for k, v in row["inputs"].items()
                 for arg in ("--input-shape", f"{k}=" + ",".join(map(str, v)))]
    else:
        shape = row["shape"]
        shape = [2 if d is None else d for d in shape[1:]] if None in shape else shape
        given = ["--input-shape", ",".join(map(str, shape))]
    status, err = run_nnc([nnc, path, "-t", target, "-o", code, "--weights", saved, *given],
                          python)
    return status, err, code, code[:-3] + ".weights.h5"


def check(name, x, axis, ref, result):
    """One file's verdict: (ok, text)."""
    status, err, code, weights = result
    if status != 0:
        last = [line for line in err.splitlines() if line.strip()]
        return False, f"nnc refused (status {status}): {last[-1] if last else ''}"
    if not os.path.exists(weights):
        return False, "nnc exited 0 but wrote no weights file"
    model = model_class(load(code, f"w_{os.path.basename(code)[:-3]}"), False)()
    model(first(x) if axis == 0 else x[:, :2])
    scale = float(np.max(np.abs(ref)))
    before = float(np.max(np.abs(ref - run_keras(model, x, axis))))
    model.load_weights(weights)
    out = run_keras(model, x, axis)
    if out.shape != ref.shape:
        return False, f"output shape {out.shape}, source {ref.shape}"
    diff = float(np.max(np.abs(ref.astype("float64") - out)))
    text = f"max abs diff {diff:.3g}, output scale {scale:.3g}"
    if scale == 0:
        return False, text + ": the source's output is zero, nothing is compared"
    if before <= RELATIVE * scale:
        return False, text + ": the unloaded model already matches, the check sees nothing"
    return diff <= RELATIVE * scale, text


def main(argv):
    nnc, folder, only = argv[1], argv[2], argv[3:]
    names = sorted(os.path.splitext(f)[0] for f in os.listdir(folder) if f.endswith(".py"))
    failures = [f"{n}: no row in torch_sources.py" for n in names if n not in SOURCES]
    names = [n for n in names if n in SOURCES and (not only or n in only)]
    torch.manual_seed(0)
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(20261203)
    start, passed, counted = time.time(), {"tf-sub": 0, "tf-seq": 0}, {"tf-sub": 0, "tf-seq": 0}
    with tempfile.TemporaryDirectory() as tmp:
        python = stand_in(tmp)
        for name in names:
            path = os.path.join(folder, name + ".py")
            try:
                saved, x, axis, ref = prepare(path, name, tmp, rng)
            except Exception as exc:  # noqa: BLE001 - report and go on
                failures.append(f"{name}: the source did not run: {exc}")
                continue
            for target in ("tf-sub", "tf-seq"):
                try:
                    result = convert(nnc, path, name, saved, tmp, python, target)
                    if target == "tf-seq" and result[0] != 0 and "use --target" in result[1]:
                        continue  # not a chain: tf-seq refuses it, as it should
                    ok, text = check(name, x, axis, ref, result)
                except Exception as exc:  # noqa: BLE001 - report and go on
                    ok, text = False, f"{type(exc).__name__}: {exc}"
                print(f"{name:<28} {target:<7} {'ok  ' if ok else 'FAIL'} {text}", flush=True)
                passed[target] += ok
                counted[target] += 1
                if not ok:
                    failures.append(f"{name} ({target}): {text}")
    print(f"PyTorch files whose trained weights nnc converted exactly: tf-sub {passed['tf-sub']} "
          f"of {counted['tf-sub']} ({len(names)} files), tf-seq {passed['tf-seq']} of "
          f"{counted['tf-seq']} (the chains) ({time.time() - start:.1f} s)")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
