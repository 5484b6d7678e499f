"""backends.py - the Keras code nnc writes, run on every Keras backend and
release we support, against the TensorFlow backend's outputs.

Recording (inside the equivalence oracles, TensorFlow backend, the current
Keras): for every tf-sub and tf-seq file an oracle has just shown equivalent
to its source, record() copies the file into the folder named by
NNC_KERAS_FIXTURES, gives a fresh model of it weights drawn from a seed (the
same draw on any backend: one array per variable, in the model's variable
order), runs a few of the oracle's inputs and saves inputs and outputs.

Replaying (`backends.py DIR`, any environment): every recorded file is
imported, built, given the same seeded weights and run on the same inputs;
the outputs must match within the tolerance (relative to the output's
scale, at least 1).  A file whose header claims a newer Keras release than
the one running, for this backend, need not run; every other must.  The replay imports no
TensorFlow and fails if anything else did (KERAS_BACKEND=torch proves the
code needs none).  Prints one line per file and a closing count.
"""

import hashlib
import importlib.util
import os
import re
import shutil
import sys
import time

import numpy as np

TOLERANCE = 1e-5
SAMPLES = 4
FIXTURES_ENV = "NNC_KERAS_FIXTURES"

# Models that name an activation nnc does not know, resolved by name at run
# time (resolve_activation): they get what the installed Keras has, and an
# older release refuses the name when the model is built.  Recorded file
# prefix: (first Keras release that has it, the name).  doc/versions.md.
RUN_TIME_NAMES = {
    "nn_activations_": ("3.7.0", "celu"),
}


def version(text):
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


def header_needs(path, backend):
    """The oldest Keras release the generated file's header claims for this
    backend ("Needs: Keras 3.0 or newer ... (3.9 or newer on the PyTorch
    backend: ...)")."""
    text = open(path).read(2000)
    first = re.search(r"Needs: Keras (\d+\.\d+)", text)
    torch = re.search(r"\((\d+\.\d+) or newer on the PyTorch backend", text)
    if backend == "torch" and torch:
        return torch.group(1)
    return first.group(1) if first else "99"


def known_gap(path, name, keras_version, backend):
    """Why file `name` need not run on this Keras release, or None."""
    needs = header_needs(path, backend)
    if version(keras_version) < version(needs):
        return f"not claimed: its header asks for Keras {needs} on the {backend} backend"
    for prefix, (first, what) in RUN_TIME_NAMES.items():
        if name.startswith(prefix) and version(keras_version) < version(first):
            return f"expected: '{what}' is resolved at run time and arrived in Keras {first}"
    return None


def model_class(module):
    """The model: the last keras.Model class of the module."""
    import keras
    classes = [v for v in vars(module).values()
               if isinstance(v, type) and issubclass(v, keras.Model) and v.__module__ == module.__name__]
    return classes[-1]


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seeded_weights(model, seed):
    """Give every variable a value drawn from seed, by its name: positive
    variances and scales for normalisation, small values elsewhere."""
    rng = np.random.default_rng(seed)
    values = []
    for v in model.weights:
        shape, name = tuple(v.shape), v.name.split("/")[-1].split(":")[0]
        if name in ("moving_variance", "variance"):
            values.append(rng.uniform(0.5, 2.0, shape))
        elif name in ("gamma", "scale"):
            values.append(rng.uniform(0.5, 1.5, shape))
        else:
            fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
            values.append(rng.normal(0, 1.0 / np.sqrt(max(fan_in, 1)), shape))
    model.set_weights([a.astype("float32") for a in values])
    for layer in model._flatten_layers(include_self=False, recursive=True):
        if hasattr(layer, "finalize_state") and type(layer).__name__ == "Normalization":
            layer.finalize_state()  # its statistics are read from its weights only here


def run(path, x, seed):
    """Outputs of the generated model at path for inputs x, seeded weights."""
    import keras
    module = load(path, "replay_" + re.sub(r"\W", "_", os.path.basename(path)[:-3]))
    model = model_class(module)()
    model(x[:1])
    seeded_weights(model, seed)
    return keras.ops.convert_to_numpy(model(x, training=False))


def first_of_its_code(folder, py_path):
    """Claim the file's code (its text after the header docstring) for this
    recording; False when another file with the same code was recorded (by
    any oracle: the claim is an exclusive create, safe between processes)."""
    text = open(py_path, encoding="utf-8").read()
    body = text.split('"""', 2)[-1] if text.startswith('"""') else text
    key = hashlib.sha256(body.encode()).hexdigest()[:24]
    try:
        os.close(os.open(os.path.join(folder, key + ".code"), os.O_CREAT | os.O_EXCL))
        return True
    except FileExistsError:
        return False


def record(py_path, x, key):
    """Oracle side: keep the file, the first inputs and the TensorFlow
    backend's outputs under NNC_KERAS_FIXTURES (nothing when it is unset),
    once per distinct code."""
    folder = os.environ.get(FIXTURES_ENV)
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    if not first_of_its_code(folder, py_path):
        return
    stem = re.sub(r"\W", "_", key)
    dst = os.path.join(folder, stem + ".py")
    shutil.copyfile(py_path, dst)
    x = np.asarray(x)[:SAMPLES]
    seed = sum(stem.encode()) % 10007
    np.savez(os.path.join(folder, stem + ".npz"), x=x, y=run(dst, x, seed), seed=seed)


def replay(folder):
    import keras
    names = sorted(f[:-3] for f in os.listdir(folder) if f.endswith(".py"))
    failures, gaps, worst, start = [], 0, 0.0, time.time()
    for name in names:
        data = np.load(os.path.join(folder, name + ".npz"))
        try:
            y = run(os.path.join(folder, name + ".py"), data["x"], int(data["seed"]))
            scale = max(1.0, float(np.max(np.abs(data["y"])))) if data["y"].size else 1.0
            mad = float(np.max(np.abs(y.astype("float64") - data["y"]))) / scale \
                if y.shape == data["y"].shape else float("inf")
            status = f"{mad:.3g}"
        except Exception as exc:  # report and go on with the next file
            mad, status = float("inf"), f"{type(exc).__name__}: {exc}".splitlines()[0][:160]
        gap = known_gap(os.path.join(folder, name + ".py"), name, keras.__version__,
                        keras.backend.backend())
        if gap and not mad <= TOLERANCE:
            status, mad, gaps = gap, 0.0, gaps + 1
        elif gap and gap.startswith("expected"):
            status = f"{status}, but listed in RUN_TIME_NAMES as not running: update the list"
            mad = float("inf")
        print(f"{name:<48} {status}")
        if not mad <= TOLERANCE:
            failures.append(name)
        elif not gap:  # a file left to a newer release does not count in the summary
            worst = max(worst, mad)
    if "tensorflow" in sys.modules and keras.backend.backend() != "tensorflow":
        failures.append("TensorFlow was imported by the generated code or Keras")
    print(f"Keras {keras.__version__}, {keras.backend.backend()} backend: "
          f"{len(names) - len(failures) - gaps} of {len(names)} generated tf files run and "
          f"match the TensorFlow backend (max abs diff {worst:.3g} of the output's scale), "
          f"{gaps} need a newer release by their header or for a name resolved at run time, "
          f"{time.time() - start:.1f} s")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures or not names else 0


if __name__ == "__main__":
    sys.exit(replay(sys.argv[1]))
