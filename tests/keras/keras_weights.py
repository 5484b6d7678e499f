"""Trained weights travel with the migration, Keras -> PyTorch: nnc --weights.

For every examples/keras/X.py, in one Python process: the source model is
built (in a fresh Keras session: keras.backend.clear_session(), so that the
layers it leaves unnamed get the names nnc expects), given random weights
with batch-norm moving statistics far from 0 and 1 (equiv.randomise), and
saved by Keras (model.save_weights(X.weights.h5)).  nnc migrates the file
to torch-sub, and a chain to torch-seq too, and converts the saved weights
in the same run (--weights, the conversion run by this interpreter:
--python), writing X_torch_sub.pt (X_torch_seq.pt); the
generated model is loaded with model.load_state_dict(torch.load(...)) and
run on random inputs (channels last, as the source takes them); its outputs
must match the source's within 1e-5 of the output's scale (the largest
absolute output value, when above 1).

One process for all files: nnc's --python is a stand-in that hands the
conversion program nnc wrote to this process, which runs it
(tests/equiv/stand_in.py).

A file fails when nnc refuses it (no file is counted as passing unless it
was migrated and converted), when the state_dict cannot be loaded, when
the outputs differ, or when the model's own random weights already give the
source's outputs (then the check could not see a wrong conversion).

Usage: keras_weights.py NNC [--target TARGET] FILE.py...  (both targets by
default; torch-seq skips a model that is not a chain when nnc refuses it so)
Prints one line per file and a summary; exit status 1 when any file fails.
"""

import os
import re
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "equiv"))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import keras  # noqa: E402

import equiv  # noqa: E402
from keras_equiv import (load_source, make_inputs, pivot_info, source_inputs,  # noqa: E402
                         source_model)
from stand_in import run_nnc, stand_in  # noqa: E402

RELATIVE = 1e-5


def input_shapes(pivot):
    """The shapes of a pivot's inputs: section, in order (None: one input)."""
    text = open(pivot).read()
    section = re.search(r"^    inputs:\n(.*?)^    \w+:", text, re.M | re.S)
    if not section:
        return None
    return [tuple(int(v) for v in found.split(","))
            for found in re.findall(r"input_shape=\[([^\]]*)\]", section.group(1))]


def prepare(nnc, path, base, tmp, rng):
    """The source model's saved weights, inputs (a list of them for a model
    of several inputs) and outputs."""
    keras.backend.clear_session()
    network, shape, pivot = pivot_info(nnc, path, tmp)
    module, _ = load_source(path, f"src_{base}")
    src = source_model(module, network)
    shapes = input_shapes(pivot)
    if shapes:  # several inputs: each its own tensor, given as the source takes them
        x = [rng.normal(0, 1, (16, *s)).astype("float32") for s in shapes]
        src(source_inputs(src, [xi[:1] for xi in x]))
        equiv.randomise(src, rng)
        saved = os.path.join(tmp, f"{base}.weights.h5")
        src.save_weights(saved)
        return saved, x, np.asarray(src(source_inputs(src, x), training=False))
    src(np.zeros((1, *shape), dtype="float32"))
    x = make_inputs(src, shape, rng)[:16]
    equiv.randomise(src, rng)
    saved = os.path.join(tmp, f"{base}.weights.h5")
    src.save_weights(saved)
    return saved, x, np.asarray(src(x, training=False))


def convert(nnc, path, base, saved, tmp, python, target):
    """nnc FILE -t TARGET --weights SAVED --python STAND-IN: (status,
    stderr, code, state_dict)."""
    code = os.path.join(tmp, f"{base}_{target.replace('-', '_')}.py")
    status, err = run_nnc([nnc, path, "-t", target, "-o", code, "--weights", saved], python)
    return status, err, code, code[:-3] + ".pt"


def check(base, x, ref, result):
    """One file's verdict: (ok, text)."""
    status, err, code, state = result
    if status != 0:
        last = [line for line in err.splitlines() if line.strip()]
        return False, f"nnc refused (status {status}): {last[-1] if last else ''}"
    if not os.path.exists(state):
        return False, "nnc exited 0 but wrote no state_dict file"
    model = equiv.model_class(equiv.load(code, f"kw_{os.path.basename(code)[:-3]}"), True)()
    model.eval()
    xs = x if isinstance(x, list) else [x]  # forward takes one argument per input
    tx = [torch.as_tensor(np.ascontiguousarray(xi)) for xi in xs]
    with torch.no_grad():
        before = model(*tx).numpy()
        model.load_state_dict(torch.load(state, weights_only=True))
        out = model(*tx).numpy()
    if out.shape != ref.shape:
        return False, f"output shape {out.shape}, source {ref.shape}"
    scale = max(1.0, float(np.max(np.abs(ref))))
    diff = float(np.max(np.abs(ref.astype("float64") - out)))
    text = f"max abs diff {diff:.3g}, output scale {scale:.3g}"
    if float(np.max(np.abs(ref - before))) <= RELATIVE * scale:
        return False, text + ": the unloaded model already matches, the check sees nothing"
    return diff <= RELATIVE * scale, text


def main(argv):
    nnc, paths, targets = argv[1], argv[2:], ("torch-sub", "torch-seq")
    if paths[:1] == ["--target"]:
        targets, paths = (paths[1],), paths[2:]
    torch.set_num_threads(2)
    torch.manual_seed(0)
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(20261203)
    start, failures = time.time(), []
    passed, counted = dict.fromkeys(targets, 0), dict.fromkeys(targets, 0)
    with tempfile.TemporaryDirectory() as tmp:
        python = stand_in(tmp)
        for path in paths:
            base = os.path.splitext(os.path.basename(path))[0]
            try:
                saved, x, ref = prepare(nnc, path, base, tmp, rng)
            except Exception as exc:  # noqa: BLE001 - report and go on
                failures.append(f"{base}: the source did not run: {type(exc).__name__}: {exc}")
                continue
            for target in targets:
                try:
                    result = convert(nnc, path, base, saved, tmp, python, target)
                    if target == "torch-seq" and result[0] != 0 and "use --target" in result[1]:
                        continue  # not a chain: torch-seq refuses it, as it should
                    ok, text = check(base, x, ref, result)
                except Exception as exc:  # noqa: BLE001 - report and go on
                    ok, text = False, f"{type(exc).__name__}: {exc}"
                print(f"{base:<30} {target:<9} {'ok  ' if ok else 'FAIL'} {text}", flush=True)
                passed[target] += ok
                counted[target] += 1
                if not ok:
                    failures.append(f"{base} ({target}): {text}")
    print("Keras files whose trained weights nnc converted exactly: " +
          ", ".join(f"{t} {passed[t]} of {counted[t]}" for t in targets) +
          f" ({len(paths)} files; torch-seq: the chains) ({time.time() - start:.1f} s)")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
