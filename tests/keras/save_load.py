"""save_load.py - the Keras code nnc writes saves and loads back.

`save_load.py NNC TMP SOURCE...`: every SOURCE (a .nn pivot, a PyTorch or
a Keras file) is migrated to tf-sub and to tf-seq (a model that is not a
chain may only be refused with the usual hint).  In this process, each
generated model is built, given weights drawn from a seed (and statistics
for its normalisation layers), run on a few inputs, and saved with
model.save(...) to a .keras file.  Then, for each batch of files whose
classes have distinct names, a fresh Python process (`save_load.py --load
MANIFEST`) imports the generated modules, as a user would, loads every
file of the batch with keras.models.load_model and runs the same inputs:
only the registration of the generated classes can rebuild them there.
The outputs must be the saved model's within TOLERANCE.
"""

import json
import os
import re
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "equiv"))
import backends  # noqa: E402  (load, model_class)
import torch_sources  # noqa: E402  (the input shapes of the PyTorch examples)

TOLERANCE = 1e-6
SAMPLES = 3
TARGETS = ("tf-sub", "tf-seq")
JOBS = 2  # worker processes at a time


def generate(nnc, src, target, out):
    """Migrate src to target at out; None when written, else nnc's message."""
    proc = subprocess.run([nnc, src, "--target", target, "-o", out, "-f"],
                          capture_output=True, text=True)
    return None if proc.returncode == 0 else proc.stderr.strip() or "nnc failed"


def make_inputs(model, module, rng):
    """Inputs of the shape INPUT_SHAPE says, else of the PyTorch source's
    row in torch_sources.py (the batch axis where None is); token ids when
    an Embedding comes first, else normal floats.  Also the batch axis."""
    import keras
    if hasattr(module, "INPUT_SHAPES"):  # several inputs: a list of batches
        return [rng.normal(0, 1, (SAMPLES, *s)).astype("float32")
                for s in module.INPUT_SHAPES.values()], 0
    row = (None, *module.INPUT_SHAPE) if hasattr(module, "INPUT_SHAPE") else None
    if row is None:
        base = re.search(r"^Source: .*?([^/]*)\.py$", module.__doc__, re.M).group(1)
        row = torch_sources.SOURCES[base]["shape"]
        row = row if None in row else (None, *row)
    shape, axis = tuple(SAMPLES if d is None else d for d in row), row.index(None)
    layers = [layer for layer in model._flatten_layers(include_self=False, recursive=True)
              if not isinstance(layer, keras.layers.InputLayer)]
    if layers and isinstance(layers[0], keras.layers.Embedding):
        return rng.integers(0, layers[0].input_dim, shape).astype("int64"), axis
    return rng.normal(0, 1, shape).astype("float32"), axis


def seed_weights(model, rng):
    """Give every variable values other than its initial ones, cheaply (a
    short random pattern repeated): positive ones for variances and scales."""
    values = []
    for v in model.weights:
        name = v.name.split("/")[-1].split(":")[0]
        n = int(np.prod(v.shape))
        low = 0.5 if name in ("moving_variance", "variance", "gamma", "scale") else -0.1
        pattern = rng.uniform(low, low + 1.0 if low > 0 else 0.1, min(n, 997) or 1)
        values.append(np.resize(pattern, v.shape).astype("float32"))
    model.set_weights(values)
    for layer in model._flatten_layers(include_self=False, recursive=True):
        if type(layer).__name__ == "Normalization" and layer.weights:
            layer.finalize_state()  # its statistics are read from its weights only here


def outputs(y):
    """The model's output as one array (several outputs stacked flat)."""
    import keras
    parts = y if isinstance(y, (list, tuple)) else [y]
    return np.concatenate([np.ravel(keras.ops.convert_to_numpy(p)) for p in parts])


def save_one(py, tmp, index):
    """Build, seed, run and save the model of generated file py; its entry."""
    module = backends.load(py, f"gen_{index}")
    model = backends.model_class(module)()
    rng = np.random.default_rng(index)
    x, axis = make_inputs(model, module, rng)
    several = isinstance(x, list)
    model([xi[:1] for xi in x] if several else np.take(x, [0], axis=axis))
    seed_weights(model, rng)
    y = outputs(model(x, training=False))
    stem = os.path.join(tmp, f"m{index}")
    model.save(stem + ".keras")
    xs = {f"x{i}": xi for i, xi in enumerate(x)} if several else {"x": x}
    np.savez(stem + ".npz", y=y, **xs)
    return {"py": py, "keras": stem + ".keras", "data": stem + ".npz"}


def registered_names(py):
    """The names a generated file registers its classes and functions under."""
    text = open(py, encoding="utf-8").read()
    return set(re.findall(r"register_keras_serializable\(package=(.*)\)\n(?:class|def) (\w+)",
                          text))


def batches(entries):
    """Entries split so that no two files of a batch register the same name
    (a process imports every file of its batch)."""
    out = []
    for e in entries:
        names = registered_names(e["py"])
        for b in out:
            if not names & b["names"]:
                b["names"] |= names
                b["entries"].append(e)
                break
        else:
            out.append({"names": set(names), "entries": [e]})
    return [b["entries"] for b in out]


def load_batch(manifest):
    """Fresh process: import the modules, load the saved files, compare."""
    import keras
    entries = json.load(open(manifest))
    print(f"-- Keras {keras.__version__}, {keras.backend.backend()} backend: "
          f"{len(entries)} files loaded in a fresh process")
    for i, e in enumerate(entries):
        backends.load(e["py"], f"user_{i}")  # as a user would: the module first
    bad = 0
    for e in entries:
        data = np.load(e["data"])
        try:
            x = data["x"] if "x" in data else \
                [data[f"x{i}"] for i in range(len(data.files) - 1)]  # several inputs
            y = outputs(keras.models.load_model(e["keras"])(x, training=False))
            diff = float(np.max(np.abs(y.astype("float64") - data["y"]))) \
                if y.shape == data["y"].shape else float("inf")
            status = f"{diff:.3g}"
        except Exception as exc:  # report and go on with the next file
            diff, status = float("inf"), f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        ok = diff <= TOLERANCE
        bad += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {e['name']:<52} {status}")
    return bad


def migrate_all(nnc, tmp, sources):
    """Generated files [(name, path)] and failures of the migration."""
    files, failures = [], []
    for src in sources:
        group = os.path.basename(os.path.dirname(src))
        base = os.path.splitext(os.path.basename(src))[0]
        for target in TARGETS:
            name = f"{group}/{base}.{target}"
            out = os.path.join(tmp, f"{group}_{base}_{target.replace('-', '_')}.py")
            err = generate(nnc, src, target, out)
            if err is None:
                files.append((name, out))
            elif target != "tf-seq" or "use --target tf-sub" not in err:
                failures.append(f"{name}: {err.splitlines()[0]}")
    return files, failures


def save_batch(manifest):
    """Worker: save every file of the manifest; the entries saved go back
    into the manifest, each failure is printed."""
    files, entries = json.load(open(manifest)), []
    for index, name, py in files:
        try:
            entries.append(dict(save_one(py, os.path.dirname(manifest), index), name=name))
        except Exception as exc:  # report and go on with the next file
            print(f"FAIL {name:<52} saving: {type(exc).__name__}: "
                  f"{str(exc).splitlines()[0][:200] if str(exc) else ''}")
    json.dump(entries, open(manifest, "w"))
    return len(files) - len(entries)


def run_workers(mode, manifests):
    """Run a worker per manifest, JOBS at a time; their output, in order."""
    procs, out = [], []
    for k, m in enumerate(manifests):
        if k >= JOBS:
            out.append(finish(procs[k - JOBS], manifests[k - JOBS]))
        procs.append(subprocess.Popen([sys.executable, __file__, mode, m], text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for k in range(max(len(manifests) - JOBS, 0), len(manifests)):
        out.append(finish(procs[k], manifests[k]))
    return "".join(out)


def finish(proc, manifest):
    """A worker's output; a line saying so when it died."""
    stdout, stderr = proc.communicate()
    if proc.returncode not in (0, 1):
        stdout += f"FAIL worker on {manifest} died:\n{stderr[-2000:]}\n"
    return stdout


def main(nnc, tmp, sources):
    start = time.time()
    files, failures = migrate_all(nnc, tmp, sources)
    halves = [os.path.join(tmp, f"save{k}.json") for k in range(JOBS)]
    for k, m in enumerate(halves):
        json.dump([(i, n, py) for i, (n, py) in enumerate(files) if i % JOBS == k], open(m, "w"))
    report = run_workers("--save", halves)
    entries = sorted((e for m in halves for e in json.load(open(m))), key=lambda e: e["name"])
    saved = time.time()
    loads = []
    for k, batch in enumerate(batches(entries)):
        loads.append(os.path.join(tmp, f"load{k}.json"))
        json.dump(batch, open(loads[-1], "w"))
    report += run_workers("--load", loads)
    print(report, end="")
    for f in failures:
        print("FAIL:", f)
    bad = report.count("FAIL") + len(failures)
    print(f"{len(files) - report.count('FAIL')} of {len(files)} generated tf files saved and "
          f"loaded back with the same outputs (within {TOLERANCE}); saving {saved - start:.0f} s,"
          f" loading {time.time() - saved:.0f} s, {len(loads)} loading processes")
    return 1 if bad or not files else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--load":
        sys.exit(1 if load_batch(sys.argv[2]) else 0)
    if len(sys.argv) == 3 and sys.argv[1] == "--save":
        sys.exit(1 if save_batch(sys.argv[2]) else 0)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
