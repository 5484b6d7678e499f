"""One training step: what the inference oracles cannot see.

The equivalence oracles run models in inference mode, where a BatchNorm's
momentum and a Dropout's rate have no effect: a migration that wrote Keras's
momentum without the complement, or a dropout rate as 1 - p, would pass
them.  Here each source of tests/train_step (the same model as a .nn pivot,
as PyTorch and as Keras code) is migrated to every code target; each
generated model runs one training-mode batch, and

- the BatchNorm's running statistics must be what one update with the
  source's momentum gives (PyTorch: new = (1 - m) old + m batch, Keras the
  same with its momentum = 1 - m; PyTorch's running variance takes the
  unbiased batch variance, Keras's the biased one, a documented difference);
- the Dropout must zero the source's fraction of a large input (within
  five standard deviations) and scale what it keeps by 1 / (1 - rate).

Usage: train_step.py NNC DIR (exit status 1 on failure)
"""

import importlib.util
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import keras  # noqa: E402

# BatchNorm1d takes (N, C) or (N, C, L): the PyTorch source needs its input shape
SOURCES = {"step.nn": [], "step_torch.py": ["--input-shape", "8"], "step_keras.py": []}
TARGETS = ("torch-seq", "torch-sub", "tf-seq", "tf-sub")
MOMENTUM = 0.3   # PyTorch's sense, as every source states it
RATE = 0.25
EPS = 1e-5


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def last_class(module, base):
    classes = [v for v in vars(module).values()
               if isinstance(v, type) and issubclass(v, base) and v.__module__ == module.__name__]
    return classes[-1]


def torch_step(module, x):
    """Running mean and variance after one batch; the dropout module."""
    model = last_class(module, torch.nn.Module)()
    bn = next(m for m in model.modules() if isinstance(m, torch.nn.BatchNorm1d))
    drop = next(m for m in model.modules() if isinstance(m, torch.nn.Dropout))
    model.train()
    model(torch.from_numpy(x))
    return bn.running_mean.numpy(), bn.running_var.numpy(), (
        lambda t: drop(torch.from_numpy(t)).numpy()), "torch"


def keras_step(module, x):
    model = last_class(module, keras.Model)()
    model(x[:2])
    layers = list(model._flatten_layers(include_self=False, recursive=True))
    bn = next(la for la in layers if isinstance(la, keras.layers.BatchNormalization))
    drop = next(la for la in layers if isinstance(la, keras.layers.Dropout))
    model(x, training=True)
    return np.asarray(bn.moving_mean), np.asarray(bn.moving_variance), (
        lambda t: np.asarray(drop(t, training=True))), "keras"


def check(label, x, mean, var, dropout, kind):
    problems = []
    n = x.shape[0]
    want_mean = MOMENTUM * x.mean(axis=0)
    biased = x.var(axis=0)
    batch_var = biased * n / (n - 1) if kind == "torch" else biased
    want_var = (1 - MOMENTUM) * 1.0 + MOMENTUM * batch_var
    if not np.allclose(mean, want_mean, atol=EPS):
        problems.append(f"{label}: running mean {mean[:3]} != {want_mean[:3]} "
                        f"(momentum {MOMENTUM} in PyTorch's sense)")
    if not np.allclose(var, want_var, atol=EPS):
        problems.append(f"{label}: running variance {var[:3]} != {want_var[:3]}")
    ones = np.ones((400, 100), dtype="float32")
    y = dropout(ones)
    zeros = float(np.mean(y == 0))
    sigma = (RATE * (1 - RATE) / ones.size) ** 0.5
    if abs(zeros - RATE) > 5 * sigma:
        problems.append(f"{label}: dropout zeroed {zeros:.4f} of its input, not {RATE}")
    kept = y[y != 0]
    if kept.size and not np.allclose(kept, 1 / (1 - RATE), atol=1e-6):
        problems.append(f"{label}: dropout scales kept values by {kept.max():.4f}, "
                        f"not 1 / (1 - {RATE})")
    return problems


def main(argv):
    nnc, folder = argv[1:3]
    rng = np.random.default_rng(7)
    x = (rng.standard_normal((64, 8)) * 2 + 3).astype("float32")
    problems, runs = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for source, extra in SOURCES.items():
            for target in TARGETS:
                label = f"{source} -> {target}"
                out = os.path.join(tmp, f"{source.replace('.', '_')}_{target.replace('-', '_')}.py")
                proc = subprocess.run([nnc, os.path.join(folder, source), "--target", target,
                                       *extra, "-o", out, "-f"], capture_output=True, text=True)
                if proc.returncode != 0:
                    problems.append(f"{label}: nnc failed:\n{proc.stderr}")
                    continue
                module = load(out, f"step_{runs}")
                torch.manual_seed(runs)
                keras.utils.set_random_seed(runs)
                step = torch_step if target.startswith("torch") else keras_step
                problems += check(label, x, *step(module, x))
                runs += 1
    for p in problems:
        print("FAIL:", p)
    print(f"training steps: {runs} generated models, {len(problems)} problems")
    return 1 if problems or runs != len(SOURCES) * len(TARGETS) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
