"""keep_going_run.py - run models nnc wrote with --keep-going: each must raise
NotImplementedError naming the construct it could not migrate, never compute.

Usage: python keep_going_run.py torch|keras LIST
LIST has one line per generated file: PATH TARGET SHAPE WHERE, where SHAPE is
the input of one example (batch excluded, channels last, comma separated;
"-" to use the file's INPUT_SHAPE) and WHERE the "file:line" the raised
message must name.  The model is built (a Sequential may raise already
there, while Keras builds it from its Input) and called on a random batch
of that shape.  Prints one line per failure; exits 1 if any.
"""
import importlib.util
import os
import re
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def load(path):
    """Import the generated module at path."""
    name = "kg_" + os.path.basename(path).replace(".", "_").replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def model_class(mod, path):
    """The model class: the last class the file defines (nnc writes it last)."""
    with open(path) as f:
        names = re.findall(r"^class (\w+)", f.read(), re.M)
    return getattr(mod, names[-1])


def batch(framework, shape):
    """A random batch of two examples of the given shape."""
    import numpy as np
    x = np.random.default_rng(0).uniform(0, 3, (2,) + tuple(shape)).astype("float32")
    if framework == "torch":
        import torch
        return torch.from_numpy(x)
    return x


def check(framework, path, target, shape, where):
    """None when the model raises NotImplementedError naming where, else why not."""
    mod = load(path)
    several = getattr(mod, "INPUT_SHAPES", None) if shape == "-" else None
    if several:  # a model of several inputs: each its own batch
        dims = None
    elif shape == "-":
        if not hasattr(mod, "INPUT_SHAPE"):
            return "no INPUT_SHAPE and no shape given"
        dims = mod.INPUT_SHAPE
    else:
        dims = [int(d) for d in shape.split(",")]
    seq = target.endswith("-seq")
    try:
        model = model_class(mod, path)()
    except NotImplementedError as e:
        if not seq:
            return "%s raised while building: %s" % (target, e)
        return None if where in str(e) else "the message does not name %s: %s" % (where, e)
    except Exception as e:  # noqa: BLE001 - any other failure is the finding
        return "building failed with %s: %s" % (type(e).__name__, e)
    try:
        if several:
            xs = [batch(framework, d) for d in several.values()]
            out = model(*xs) if framework == "torch" else model(xs)
        else:
            out = model(batch(framework, dims))
    except NotImplementedError as e:
        return None if where in str(e) else "the message does not name %s: %s" % (where, e)
    except Exception as e:  # noqa: BLE001
        return "calling it failed with %s, not NotImplementedError: %s" % (type(e).__name__, e)
    return "it ran and returned a result of shape %s" % (tuple(out.shape),)


def main():
    framework, listing = sys.argv[1], sys.argv[2]
    bad = n = 0
    with open(listing) as f:
        for line in f:
            if not line.strip():
                continue
            path, target, shape, where = line.split()
            n += 1
            why = check(framework, path, target, shape, where)
            if why:
                bad += 1
                print("FAIL: %s (%s): %s" % (path, target, why))
    print("%s: %d of %d partial models raise NotImplementedError" % (framework, n - bad, n))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
