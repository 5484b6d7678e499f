"""Source-vs-migrated oracle: every PyTorch example computes what nnc makes of it.

For each examples/pytorch/X.py (the rows of torch_sources.py), the harness
imports the file, builds the source model, gives its batch-norm and
layer-norm layers non-trivial statistics and affine weights, and runs random
inputs through it.  Then it migrates the file with nnc to every target
(tf-sub, tf-seq, torch-sub, torch-seq; a Sequential target may refuse a
model that is not a chain, and only such a model), and also through the
printed pivot (X.py --emit-dsl, then X.nn to torch-sub and tf-sub), copies
the source weights into each migrated model with its own mapping (the
migrated layer names are the source attribute paths joined by "_"; Linear
and Conv kernels transposed for Keras; LSTM/RNN biases summed; GRU gates
reordered r,z,n -> z,r,n with the (2, 3H) bias; stacked and bidirectional
layers), runs the same inputs and checks every output against the source.

Round trip, enforced: every Keras file generated from the source (tf-sub,
and tf-seq for a chain), called on a sample input as user code would, is
read back by nnc's Keras reader and migrated to torch-sub and torch-seq
(the Sequential target refuses only a model that is not a chain); the
source's weights are copied into those models by the same mapping and the
same inputs must give the source's outputs within 1e-5.  A file that cannot
make the round trip must be listed in ROUND_TRIP_EXCEPTIONS with the reason
(documented in doc/m2m-torch.md).

Usage: torch_equiv.py NNC EXAMPLES_DIR [NAME...]
Prints the table file x target x max abs diff, the round-trip table and
the migration figures; exit status 1 when any check fails.
"""

import ast
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from equiv import (generate, is_chain, keras_attention, learned_value, load, model_class,  # noqa: E402
                   print_round_trips, same_code)
from torch_sources import SOURCES  # noqa: E402
import backends  # noqa: E402
import isolate  # noqa: E402

TOLERANCE = 1e-5
SAMPLES = 100
CHUNK = 25
DIRECT = ["tf-sub", "tf-seq", "torch-sub", "torch-seq"]
VIA_PIVOT = ["torch-sub", "tf-sub"]
BACK = ["torch-sub", "torch-seq"]

# Files that cannot come back from Keras, with the reason (doc/m2m-torch.md).
ROUND_TRIP_EXCEPTIONS = {
}


# ---- the source model --------------------------------------------------------

def import_source(path, name):
    """Run the file as a module (not as __main__): its namespace.  Training
    code at module level may fail here (a DataLoader over an empty or absent
    dataset); the names defined before it stay, and the builder decides."""
    import importlib.util
    folder = os.path.dirname(os.path.abspath(path))  # its sibling files import
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(f"src_{name}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception:  # noqa: BLE001 - the builder below must still resolve
        pass
    return module


@torch.no_grad()
def perturb_norms(model, rng):
    """Batch-norm statistics far from 0 and 1; norm affine weights not 1 and 0;
    learned tensors and layer weights initialised to zeros drawn at random."""
    for module in model.modules():
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            n = module.num_features
            module.running_mean.copy_(torch.as_tensor(rng.normal(0, 0.3, n)))
            module.running_var.copy_(torch.as_tensor(rng.uniform(0.5, 2.0, n)))
        if isinstance(module, (torch.nn.modules.batchnorm._BatchNorm, torch.nn.LayerNorm,
                               torch.nn.GroupNorm, torch.nn.modules.instancenorm._InstanceNorm)) \
                and module.weight is not None:
            shape = tuple(module.weight.shape)
            module.weight.copy_(torch.as_tensor(rng.uniform(0.5, 1.5, shape)))
            module.bias.copy_(torch.as_tensor(rng.normal(0, 0.2, shape)))
        if isinstance(module, torch.nn.PReLU):  # slopes that differ per channel, some negative
            module.weight.copy_(torch.as_tensor(rng.uniform(-0.5, 0.8, tuple(module.weight.shape))))
        if type(module).__name__ == "RMSNorm" and module.weight is not None:
            shape = tuple(module.weight.shape)
            module.weight.copy_(torch.as_tensor(rng.uniform(0.5, 1.5, shape)))
        if not type(module).__module__.startswith("torch.nn"):
            # learned tensors (param): a layer scale of 1e-6 or a zero class
            # token would hide what they multiply or stand for
            for param in module.parameters(recurse=False):
                param.copy_(torch.as_tensor(rng.normal(0, 0.5, tuple(param.shape))))
        if isinstance(module, (torch.nn.Linear, torch.nn.modules.conv._ConvNd)) and \
                not module.weight.any():  # a head initialised to zeros (ViT's)
            fan_in = module.weight[0].numel()
            module.weight.copy_(torch.as_tensor(
                rng.normal(0, 1 / np.sqrt(fan_in), tuple(module.weight.shape))))
            if module.bias is not None:
                module.bias.copy_(torch.as_tensor(rng.normal(0, 0.2, tuple(module.bias.shape))))


def make_inputs(model, row, rng):
    """SAMPLES random inputs in the source's layout (batch where None is);
    a list of them, one per input, for a model of several inputs."""
    count = row.get("samples", SAMPLES)
    if "inputs" in row:  # forward(self, a, b, ...): each its own random tensor
        return [rng.normal(0, 1, (count, *shape)).astype("float32") for shape in row["inputs"].values()]
    shape = tuple(count if d is None else d for d in row["shape"])
    if None not in row["shape"]:
        shape = (count, *shape)
    if row.get("ints"):
        first = next(m for m in model.modules() if isinstance(m, torch.nn.Embedding))
        return rng.integers(0, first.num_embeddings, shape).astype("int64")
    return rng.normal(0, 1, shape).astype("float32")


def batch_axis(row):
    if "inputs" in row:
        return 0
    return row["shape"].index(None) if None in row["shape"] else 0


def parts(xs, axis):
    """Several inputs split alike along the batch: one list per chunk."""
    pieces = [np.array_split(x, max(1, x.shape[axis] // CHUNK), axis=axis) for x in xs]
    return [list(chunk) for chunk in zip(*pieces)]


def first(x, k=2):
    """The first k examples of an input, or of each of several inputs."""
    return [a[:k] for a in x] if isinstance(x, list) else x[:k]


def run_torch(model, x, axis):
    outs = []
    if isinstance(x, list):  # several inputs: positional arguments, in forward's order
        with torch.no_grad():
            for chunk in parts(x, axis):
                outs.append(model(*(torch.as_tensor(np.ascontiguousarray(a))
                                    for a in chunk)).numpy())
        return np.concatenate(outs, axis=0)
    with torch.no_grad():
        for part in np.array_split(x, max(1, x.shape[axis] // CHUNK), axis=axis):
            outs.append(model(torch.as_tensor(np.ascontiguousarray(part))).numpy())
    return np.concatenate(outs, axis=0)


def run_keras(model, x, axis):
    if isinstance(x, list):  # several inputs: one list, in the inputs' order
        return np.concatenate([np.asarray(model(chunk, training=False))
                               for chunk in parts(x, axis)], axis=0)
    outs = [np.asarray(model(part, training=False))
            for part in np.array_split(x, max(1, x.shape[axis] // CHUNK), axis=axis)]
    return np.concatenate(outs, axis=0)


# ---- the independent weight mapping -----------------------------------------

def source_index(model):
    """Source module of every attribute path, dots (and any other character
    an identifier cannot hold: add_module("block1-0", ...)) written as
    underscores.  A path that starts with a position (a child of a top-level
    Sequential, "0.1") is also known by its class name first ("conv2d_0_1"),
    since a pivot name cannot start with a digit."""
    index = {}
    for name, module in model.named_modules():
        if not name:
            continue
        path = re.sub(r"[^0-9A-Za-z_]", "_", name)
        index[path] = module
        if path[0].isdigit():
            index[f"{type(module).__name__.lower()}_{path}"] = module
    for name, module in model.named_modules():  # learned tensors (param)
        if not type(module).__module__.startswith("torch.nn"):
            for pname, param in module.named_parameters(recurse=False):
                index.setdefault(f"{name.replace('.', '_')}_{pname}" if name else pname, param)
    return index


# Inside a sub-network, nnc names the item "0" of an nn.Sequential subclass
# by its pivot kind ("conv2d_0", "batchnorm_1"): the source path has the
# position alone.
PIVOT_KINDS = {line.split('"')[1].lower() for line in open(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "metamodel", "schema.def"))
    if line.startswith("NN_KIND(")}


def find_source(index, path):
    """The source module behind a migrated layer: its path, or the path
    without the "_N" nnc adds to a module applied more than once, each also
    without the kinds nnc puts before positions inside a sub-network."""
    parts = path.split("_")
    plain = "_".join(p for i, p in enumerate(parts)
                     if not (p in PIVOT_KINDS and i > 0 and i + 1 < len(parts) and
                             parts[i + 1].isdigit()))
    for candidate in (path, re.sub(r"_\d+$", "", path), plain, re.sub(r"_\d+$", "", plain)):
        if candidate in index:
            return index[candidate]
    return None


def as_array(t):
    return t.detach().cpu().numpy()


def stack_part(src, module, name, pname):
    """A layer of a stacked source RNN that came back as its own RNN: Keras
    writes the stack as layers NAME_1, NAME_2, ...; the part's own parameter
    pname (..._l0...) is the source's ..._l{k-1}...."""
    if not isinstance(src, torch.nn.RNNBase) or src.num_layers == module.num_layers:
        return getattr(src, pname)
    k = int(re.search(r"_(\d+)$", name).group(1)) - 1
    return getattr(src, re.sub(r"_l(\d+)", lambda m: f"_l{int(m.group(1)) + k}", pname))


def copy_torch(index, dst, back=False):
    """Every parameter and buffer of the migrated PyTorch model, by path (back:
    a model that made the round trip through Keras, see stack_part)."""
    for name, module in ((n.replace(".", "_"), m) for n, m in dst.named_modules()):
        own = list(module.named_parameters(recurse=False)) + \
            list(module.named_buffers(recurse=False))
        if not type(module).__module__.startswith("torch.nn"):  # learned tensors (param)
            for pname, param in own:
                got = find_source(index, f"{name}_{pname}" if name else pname)
                if not isinstance(got, torch.Tensor):
                    raise KeyError(f"migrated {name}.{pname} has no source tensor")
                with torch.no_grad():
                    param.copy_(torch.as_tensor(learned_value(as_array(got), param.shape)))
            continue
        if not own:
            continue
        src = find_source(index, name)
        if src is None:
            raise KeyError(f"migrated {name} has no source module")
        for pname, param in own:
            got = stack_part(src, module, name, pname) if back else getattr(src, pname)
            value = torch.as_tensor(as_array(got))
            assert tuple(param.shape) == tuple(value.shape), (name, pname)
            with torch.no_grad():
                param.copy_(value)


def keras_weights(src):
    """The Keras weights of one non-recurrent source layer."""
    if isinstance(src, torch.nn.Linear):
        ws = [as_array(src.weight).T]
    elif isinstance(src, torch.nn.modules.conv._ConvNd):
        # (out, in/groups, *k) -> Keras (*k, in, out); a transposed
        # convolution's (in, out/groups, *k) -> Keras (*k, out, in): the same
        w = as_array(src.weight)
        ws = [np.transpose(w, (*range(2, w.ndim), 1, 0))]
    elif isinstance(src, torch.nn.modules.batchnorm._BatchNorm):
        affine = (src.weight, src.bias) if src.affine else ()
        return [as_array(t) for t in (*affine, src.running_mean, src.running_var)]
    elif isinstance(src, (torch.nn.GroupNorm, torch.nn.modules.instancenorm._InstanceNorm)):
        return [as_array(src.weight), as_array(src.bias)] if src.affine else []
    elif isinstance(src, torch.nn.LayerNorm):
        return [as_array(src.weight), as_array(src.bias)]
    elif type(src).__name__ == "RMSNorm":
        return [as_array(src.weight)]
    elif isinstance(src, torch.nn.Embedding):
        return [as_array(src.weight)]
    else:
        raise TypeError(f"no Keras mapping for {type(src).__name__}")
    if getattr(src, "bias", None) is not None:
        ws.append(as_array(src.bias))
    return ws


def cell_weights(src, layer, suffix):
    """Keras (kernel, recurrent, bias) of one layer-direction of a PyTorch RNN."""
    w_ih, w_hh, b_ih, b_hh = (as_array(getattr(src, f"{p}_l{layer}{suffix}"))
                              for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
    if isinstance(src, torch.nn.GRU):  # r, z, n -> z, r, n; bias rows input, recurrent
        h = src.hidden_size
        order = np.concatenate([np.arange(h, 2 * h), np.arange(0, h), np.arange(2 * h, 3 * h)])
        return [w_ih[order].T, w_hh[order].T, np.stack([b_ih[order], b_hh[order]])]
    return [w_ih.T, w_hh.T, b_ih + b_hh]


def copy_keras_rnn(klayer, src):
    """A Keras recurrent layer (maybe Bidirectional, maybe a stack) from a PyTorch one."""
    stack = [item for item in klayer.layers if not isinstance(item, keras.layers.Dropout)] \
        if isinstance(klayer, keras.Sequential) else [klayer]
    assert len(stack) == src.num_layers, (klayer.name, len(stack), src.num_layers)
    for index, item in enumerate(stack):
        pairs = [(item.forward_layer, ""), (item.backward_layer, "_reverse")] \
            if isinstance(item, keras.layers.Bidirectional) else [(item, "")]
        assert len(pairs) == (2 if src.bidirectional else 1), klayer.name
        for rnn, suffix in pairs:
            rnn.cell.set_weights(cell_weights(src, index, suffix))


def children(layer):
    return list(layer._flatten_layers(include_self=False, recursive=False))


def copy_keras_attention(klayer, src):
    """A Keras MultiHeadAttention (or the helper holding one) from an
    nn.MultiheadAttention: the inverse of equiv.attention_params."""
    mha = keras_attention(klayer)
    e, h = src.embed_dim, src.num_heads
    w_in = as_array(src.in_proj_weight)
    b_in = as_array(src.in_proj_bias) if src.in_proj_bias is not None else None
    dense = [mha._query_dense, mha._key_dense, mha._value_dense]
    for k, d in enumerate(dense):
        ws = [w_in[k * e:(k + 1) * e].T.reshape(e, h, e // h)]
        if b_in is not None:
            ws.append(b_in[k * e:(k + 1) * e].reshape(h, e // h))
        d.set_weights(ws)
    ws = [as_array(src.out_proj.weight).T.reshape(h, e // h, e)]
    if src.out_proj.bias is not None:
        ws.append(as_array(src.out_proj.bias))
    mha._output_dense.set_weights(ws)


def copy_keras(index, layer, path=""):
    """Walk the Keras model; a layer's path is its ancestors' names and its own."""
    for child in children(layer):
        cpath = f"{path}_{child.name}" if path else child.name
        src = find_source(index, cpath)
        if isinstance(src, torch.nn.RNNBase):
            copy_keras_rnn(child, src)
        elif isinstance(src, torch.nn.MultiheadAttention):
            copy_keras_attention(child, src)
        elif isinstance(src, torch.Tensor):  # a learned tensor (param)
            child.set_weights([learned_value(as_array(src), child.weights[0].shape)])
        elif isinstance(src, torch.nn.PReLU):  # (C,) or (1,) -> Keras alpha (1, ..., C) or all 1s
            child.set_weights([as_array(src.weight).reshape(tuple(child.weights[0].shape))])
        elif children(child):
            copy_keras(index, child, cpath)
        elif child.weights:
            if src is None:
                raise KeyError(f"migrated {cpath} has no source module")
            child.set_weights(keras_weights(src))


# ---- one migrated model -------------------------------------------------------

def migrated_output(path, out, key, index, x, axis, back=False):
    """Load a generated file, copy the source weights in, run the inputs."""
    module = load(out, f"gen_{key}_{abs(hash(out))}")
    if key.startswith("tf"):
        model = model_class(module, False)()
        model(first(x) if axis == 0 else x[:, :2])
        copy_keras(index, model)
        if axis == 0 and not back and not isinstance(x, list):  # one input: replayed
            backends.record(out, x, f"torch_{os.path.basename(out)[:-3]}")
        return run_keras(model, x, axis)
    model = model_class(module, True)()
    model.eval()
    copy_torch(index, model, back)
    return run_torch(model, x, axis)


def compare(ref, out):
    if ref.shape != out.shape:
        raise AssertionError(f"output shape {out.shape}, source {ref.shape}")
    return float(np.max(np.abs(ref.astype("float64") - out)))


def user_file(keras_file, row, tmp, name):
    """The generated Keras file as a user runs it: the model called on a sample
    input (where nnc's Keras reader takes the input shape from)."""
    text = open(keras_file).read()
    cls = re.findall(r"^class (\w+)\(keras\.(?:Model|Sequential)\)", text, re.M)[-1]
    dtype = ', dtype="int64"' if row.get("ints") else ""
    if "inputs" in row:  # several inputs: a list of samples, shaped as INPUT_SHAPES says
        shapes = ast.literal_eval(re.search(r"^INPUT_SHAPES = (\{.*\})$", text, re.M).group(1))
        sample = "[" + ", ".join(f"tf.zeros({(1, *s)}{dtype})" for s in shapes.values()) + "]"
    else:
        shape = row["shape"]  # None marks the batch axis of a time-major source
        shape = tuple(1 if d is None else d for d in shape) if None in shape else (1, *shape)
        sample = f"tf.zeros({shape}{dtype})"
    path = os.path.join(tmp, f"{name}_user.py")
    with open(path, "w") as f:
        f.write(text + f"\n\nimport tensorflow as tf\n\nmodel = {cls}()\nmodel({sample})\n")
    return path


def round_trip(nnc, name, key, keras_file, ctx):
    """PyTorch -> TF (key) -> PyTorch: the generated Keras file read back by
    nnc's Keras reader into every PyTorch target, compared with the source."""
    row, tmp, done = SOURCES[name], ctx["tmp"], ctx["done"]
    base = f"{name}_{key.replace('-', '_')}"
    user = user_file(keras_file, row, tmp, base)
    pivot = os.path.join(tmp, f"{base}_back.nn")
    status, err = generate_dsl(nnc, user, pivot)
    if status != 0:
        ctx["trips"].append((f"{key}>torch-sub", "FAILED: Keras reader"))
        return [f"{key}>torch: the Keras reader failed:\n{err}"]
    chain, failures = is_chain(pivot), []
    for target in BACK:
        label = f"{key}>{target}"
        out = os.path.join(tmp, f"{base}_back_{target.replace('-', '_')}.py")
        status, err = generate(nnc, user, target, [], out)
        if status != 0:
            if not (target.endswith("seq") and not chain and "use --target" in err):
                failures.append(f"{label}: nnc failed:\n{err}")
                ctx["trips"].append((label, "FAILED: nnc"))
            continue
        seen = done.setdefault(target, [])
        mad = next((m for twin, m in seen if same_code(twin, out)), None)
        if mad is None:  # not the code of a model already run
            mad = compare(ctx["ref"], migrated_output(ctx["path"], out, target, ctx["index"],
                                                      ctx["x"], ctx["axis"], back=True))
            ctx["runs"] += 1
            seen.append((out, mad))
        ctx["trips"].append((label, mad))
        if not mad <= TOLERANCE:
            failures.append(f"{label}: max abs difference {mad:.3g}")
    return failures


def round_trips(nnc, name, outs, ctx):
    """Every Keras target generated from the file, read back (or its exception)."""
    if name in ROUND_TRIP_EXCEPTIONS:
        ctx["trips"].append(("all", "exception: " + ROUND_TRIP_EXCEPTIONS[name]))
        return []
    failures = []
    for key in ("tf-sub", "tf-seq"):
        if key in outs:
            try:
                failures += round_trip(nnc, name, key, outs[key], ctx)
            except Exception as exc:  # report and go on
                failures.append(f"{key}>torch: {type(exc).__name__}: {exc}")
                ctx["trips"].append((f"{key}>torch", f"FAILED: {type(exc).__name__}"))
    return failures


def check_file(nnc, path, tmp, rng, rows, trips):
    """All checks of one example; the list of failures."""
    name = os.path.splitext(os.path.basename(path))[0]
    row = SOURCES[name]
    pivot = os.path.join(tmp, f"{name}.nn")
    status, err = generate_dsl(nnc, path, pivot)
    if status != 0:
        return [f"--emit-dsl failed:\n{err}"]
    chain = is_chain(pivot)
    source = eval(row["builder"], vars(import_source(path, name)))
    source.eval()
    perturb_norms(source, rng)
    x = make_inputs(source, row, rng)
    axis = batch_axis(row)
    ref = run_torch(source, x, axis)
    index = source_index(source)
    failures, done, outs = [], {}, {}
    jobs = [(t, path, t) for t in DIRECT] + [(f"pivot>{t}", pivot, t) for t in VIA_PIVOT]
    for key, src_file, target in jobs:
        out = os.path.join(tmp, f"{name}_{key.replace('>', '_').replace('-', '_')}.py")
        status, err = generate(nnc, src_file, target, [], out)
        if status != 0:
            if not (target.endswith("seq") and not chain and "use --target" in err):
                failures.append(f"{key}: nnc failed:\n{err}")
            continue
        outs.setdefault(key, out)
        isolate.step(key)
        try:
            twin = done.get(target)
            if twin and same_code(twin[0], out):
                mad = twin[1]
            else:
                mad = compare(ref, migrated_output(path, out, target, index, x, axis))
            done.setdefault(target, (out, mad))
        except Exception as exc:  # report and go on with the next target
            failures.append(f"{key}: {type(exc).__name__}: {exc}")
            continue
        rows.append((name, key, mad))
        if not mad <= TOLERANCE:
            failures.append(f"{key}: max abs difference {mad:.3g}")
    ctx = {"tmp": tmp, "done": {k: [v] for k, v in done.items()}, "ref": ref, "path": path,
           "index": index, "x": x, "axis": axis, "trips": [], "runs": 0}
    failures += round_trips(nnc, name, outs, ctx)
    trips.append((name, ctx["trips"], ctx["runs"]))
    return failures


def generate_dsl(nnc, path, out):
    import subprocess
    proc = subprocess.run([nnc, path, "--emit-dsl", "-o", out, "-f"],
                          capture_output=True, text=True)
    return proc.returncode, proc.stderr


def print_trips(trips):
    """The round-trip table: source vs PyTorch -> TF -> PyTorch, one column per path."""
    cols = [f"{k}>{t}" for k in ("tf-sub", "tf-seq") for t in BACK]
    print_round_trips(trips, cols, "PyTorch -> TF -> PyTorch")


def worker(nnc, folder, tmp):
    """The checks of one example in a worker: failures, table rows, round trips."""
    torch.set_num_threads(2)
    tf.config.threading.set_intra_op_parallelism_threads(2)
    rng = np.random.default_rng(20240602)
    torch.manual_seed(0)
    keras.utils.set_random_seed(0)

    def check(name):
        rows, trips = [], []
        try:
            problems = check_file(nnc, os.path.join(folder, name + ".py"), tmp, rng, rows, trips)
        except Exception as exc:  # report and go on with the next file
            problems = [f"{type(exc).__name__}: {exc}"]
        return {"problems": problems, "rows": rows, "trips": trips}
    return check


def main(argv):
    nnc, folder, only = argv[1], argv[2], argv[3:]
    if isolate.is_worker():
        with tempfile.TemporaryDirectory() as tmp:
            return isolate.serve(worker(nnc, folder, tmp))
    names = sorted(os.path.splitext(f)[0] for f in os.listdir(folder) if f.endswith(".py"))
    missing = [n for n in names if n not in SOURCES]
    names = [n for n in names if not only or n in only]
    rows, trips, migrated = [], [], 0
    failures = [f"{n}: no row in torch_sources.py" for n in missing]
    start = time.time()
    results = isolate.run([n for n in names if n not in missing], argv)
    for name in names:
        if name in missing:
            continue
        result = results[name]
        rows += [tuple(r) for r in result.get("rows", [])]
        trips += [tuple(t) for t in result.get("trips", [])]
        problems = result.get("problems", [result.get("crash")])
        migrated += not problems
        failures += [f"{name}: {p}" for p in problems]
    width = max([len(r[0]) for r in rows] + [4])
    print(f"{'file':<{width}}  {'target':<16} max abs diff")
    for model, key, mad in rows:
        print(f"{model:<{width}}  {key:<16} {mad:.3g}")
    print_trips(trips)
    print(f"PyTorch files migrated and equivalent on every target and back: {migrated} of "
          f"{len(names)} ({len(rows)} comparisons, {sum(len(t[1]) for t in trips)} round trips, "
          f"{time.time() - start:.1f} s)")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
