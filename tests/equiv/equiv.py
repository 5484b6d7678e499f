"""Equivalence oracle: nnc's generated PyTorch and Keras models compute the same.

For every model file given, the harness generates the four targets (and
the two PyTorch ones again with --channels first), builds every model,
gives the Keras model random weights and non-trivial batch-norm statistics,
copies them into the PyTorch models with its own mapping (transposes, gate
orders, bias splits, the feature order after a channel-first flatten),
runs the same random channel-last inputs through all of them and checks
that every pair of outputs agrees within the tolerance.  A Sequential
target may be refused only for a model that is not a chain, and must be.

Usage: equiv.py NNC MODEL.nn... (prints a table; exit status 1 on failure)
"""

import ast
import importlib.util
import itertools
import os
import re
import subprocess
import sys
import tempfile
import time
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backends  # noqa: E402
import isolate  # noqa: E402

TOLERANCE = 1e-5
SAMPLES = 100
TARGETS = [
    ("tf-sub", []), ("tf-seq", []), ("torch-sub", []), ("torch-seq", []),
    ("torch-sub", ["--channels", "first"]), ("torch-seq", ["--channels", "first"]),
]


def label(target, extra):
    return target + ("/cf" if extra else "")


def chainable_op(item):
    """A tensor op a Sequential holds as a layer: permute, transpose or
    reshape of the previous output, the batch axis left in place."""
    kind = re.search(r"type=(\w+)", item)
    kind = kind.group(1) if kind else ""
    if "layers_of_tensors" in item or kind not in ("permute", "transpose", "reshape"):
        return False
    dims = re.search(r"(?:permute|transpose)_dim=\[([^\]]*)\]", item)
    values = [int(v) for v in dims.group(1).split(",")] if dims else []
    if kind == "permute":
        return bool(values) and values[0] == 0
    if kind == "transpose":
        return len(values) == 2 and min(values) > 0
    return True


def is_chain(path):
    """A model is a chain when no module names its input, its tensor ops are
    all chainable (see chainable_op), and no modules list names a module
    twice (shared weights); read from the DSL text, independently of nnc."""
    text = re.sub(r"#.*", "", open(path).read())
    if "name_layer_input" in text:
        return False
    for ops in re.findall(r"tensor_ops:\n((?:[ \t]+[^\n]*\n)+?)[ \t]*(?:modules|layers|config|\w+):\n", text):
        for item in re.split(r"\n\s*-\s*name=", "\n" + ops)[1:]:
            if not chainable_op(item):
                return False
    for block in re.findall(r"modules:\n((?:\s*-[^\n]*\n)+)", text):
        names = re.findall(r"-\s*(\w+)", block)
        if len(names) != len(set(names)):
            return False
    return True


def generate(nnc, path, target, extra, out):
    proc = subprocess.run([nnc, path, "--target", target, *extra, "-o", out, "-f"],
                          capture_output=True, text=True)
    return proc.returncode, proc.stderr


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def model_class(module, torch_target):
    """The model: the last class of the module (helpers and sub-networks come first)."""
    base = torch.nn.Module if torch_target else keras.Model
    classes = [v for v in vars(module).values()
               if isinstance(v, type) and issubclass(v, base) and v.__module__ == module.__name__]
    return classes[-1]


# ---- Keras side: weights --------------------------------------------------

def keras_layers(model):
    return [layer for layer in model._flatten_layers(include_self=False, recursive=True)]


def randomise(model, rng):
    """Modest random weights, and batch-norm statistics far from 0 and 1."""
    for layer in keras_layers(model):
        if isinstance(layer, keras.layers.BatchNormalization):
            *affine, mean, var = layer.get_weights()  # gamma and beta unless affine=False
            layer.set_weights([
                *[rng.uniform(0.5, 1.5, w.shape) if i == 0 else rng.normal(0, 0.2, w.shape)
                  for i, w in enumerate(affine)],
                rng.normal(0, 0.3, mean.shape), rng.uniform(0.5, 2.0, var.shape)])
        elif isinstance(layer, keras.layers.Normalization):
            if layer.weights:  # statistics as weights: mean, variance, count
                mean, var, count = layer.get_weights()
                layer.set_weights([rng.normal(0, 0.5, mean.shape),
                                   rng.uniform(0.5, 2.0, var.shape), count])
                layer.finalize_state()  # Keras reads them from there (set_weights does not)
        elif not isinstance(layer, (keras.layers.Bidirectional, keras.Sequential)) \
                and layer.weights and not layer._layers:
            weights = []
            for w in layer.get_weights():
                fan_in = w.shape[0] if w.ndim == 2 else int(np.prod(w.shape[:-1])) or 1
                weights.append(rng.normal(0, 1.0 / np.sqrt(max(fan_in, 1)), w.shape))
            layer.set_weights(weights)


# ---- PyTorch side: the independent mapping --------------------------------

def torch_modules(model):
    """Leaf modules by attribute path, as a tuple of names; the learned
    tensors (nn.Parameter) of modules that are not torch.nn layers too."""
    mods = {tuple(name.split(".")): module for name, module in model.named_modules() if name}
    for name, module in model.named_modules():
        if not type(module).__module__.startswith("torch.nn"):
            for pname, param in module.named_parameters(recurse=False):
                mods[tuple(f"{name}.{pname}".split(".")) if name else (pname,)] = param
    return mods


def learned_value(value, shape):
    """A learned tensor laid out as another model holds it (param): a
    leading batch axis of 1 dropped or leading axes of 1 added, then the
    same axes, or the first moved last (a tensor nnc stores channel-last
    because it meets a channel-first feature map), or the last moved first."""
    v = np.asarray(value)
    shape = tuple(shape)
    if v.ndim == len(shape) + 1 and v.shape[0] == 1:
        v = v[0]
    while v.ndim < len(shape):
        v = v[None]
    for candidate in (v, np.moveaxis(v, 0, -1), np.moveaxis(v, -1, 0)):
        if candidate.shape == shape:
            return candidate
    raise AssertionError(f"learned tensor {v.shape} does not fit {shape}")


def keras_paths(model, prefix=()):
    """(path, layer) of every nested layer, the path the names from the model down."""
    for layer in model._flatten_layers(include_self=False, recursive=False):
        path = prefix + (layer.name,)
        yield path, layer
        yield from keras_paths(layer, path)


def matching_module(mods, path):
    """The module whose attribute path ends like the Keras path for the most
    names; None when there is none or no single best (the same names inside
    two blocks are told apart by the blocks' names)."""
    best, score, ties = None, 0, 0
    for key, module in mods.items():
        k = 0
        while k < min(len(key), len(path)) and key[-1 - k] == path[-1 - k]:
            k += 1
        if k > score:
            best, score, ties = module, k, 0
        elif k == score and k:
            ties += 1
    return best if score and not ties else None


def set_param(param, value):
    value = torch.as_tensor(np.ascontiguousarray(value), dtype=param.dtype)
    assert tuple(param.shape) == tuple(value.shape), (param.shape, value.shape)
    with torch.no_grad():
        param.copy_(value)


def rnn_params(kind, cell, rng):
    """(w_ih, w_hh, b_ih, b_hh) of one PyTorch layer-direction from a Keras cell."""
    kernel, recurrent, bias = [w.numpy() for w in cell.weights]
    if kind == "GRU":
        h = recurrent.shape[0]
        order = np.concatenate([np.arange(h, 2 * h), np.arange(0, h), np.arange(2 * h, 3 * h)])
        return (kernel[:, order].T, recurrent[:, order].T, bias[0][order], bias[1][order])
    split = rng.normal(0, 0.1, bias.shape)  # Keras bias = b_ih + b_hh
    return kernel.T, recurrent.T, bias - split, split


def copy_rnn(layer, module, rng):
    """Copy a Keras recurrent layer (maybe Bidirectional, maybe a stack) into
    a PyTorch RNN/LSTM/GRU with num_layers and bidirectional."""
    stack = [l for l in layer.layers if not isinstance(l, keras.layers.Dropout)] \
        if isinstance(layer, keras.Sequential) else [layer]
    assert len(stack) == module.num_layers
    for index, item in enumerate(stack):
        directions = [(item.forward_layer, ""), (item.backward_layer, "_reverse")] \
            if isinstance(item, keras.layers.Bidirectional) else [(item, "")]
        for rnn, suffix in directions:
            kind = type(rnn).__name__
            params = rnn_params(kind, rnn.cell, rng)
            for prefix, value in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), params):
                set_param(getattr(module, f"{prefix}_l{index}{suffix}"), value)


def keras_attention(layer):
    """The layers.MultiHeadAttention of a Keras layer: itself, or the one a
    wrapper (the generated SelfAttentionLayer) holds."""
    if isinstance(layer, keras.layers.MultiHeadAttention):
        return layer
    inner = [l for l in layer._flatten_layers(include_self=False, recursive=True)
             if isinstance(l, keras.layers.MultiHeadAttention)]
    assert len(inner) == 1, layer
    return inner[0]


def attention_params(layer):
    """PyTorch's nn.MultiheadAttention parameters from a Keras
    MultiHeadAttention (E features, H heads of D = E/H):
    in_proj_weight (3E, E) stacks the query, key and value projections, each
    the Keras kernel (E, H, D) as (E, H*D) transposed (PyTorch splits the
    heads of a projection's output as (H, D) too); in_proj_bias stacks the
    Keras biases (H, D) flattened; out_proj.weight (E, E) is the output
    kernel (H, D, E) as (H*D, E) transposed.  Both scale the scores by
    1/sqrt(D) and drop nothing at inference."""
    dense = [layer._query_dense, layer._key_dense, layer._value_dense, layer._output_dense]
    kernels = [d.kernel.numpy() for d in dense]
    biases = [d.bias.numpy() if d.bias is not None else None for d in dense]
    e = kernels[3].shape[-1]
    w_in = np.concatenate([k.reshape(k.shape[0], -1).T for k in kernels[:3]])
    w_out = kernels[3].reshape(-1, e).T
    b_in = None if biases[0] is None else np.concatenate([b.reshape(-1) for b in biases[:3]])
    return w_in, b_in, w_out, biases[3]


def copy_attention(layer, module):
    """Copy a Keras MultiHeadAttention into an nn.MultiheadAttention."""
    w_in, b_in, w_out, b_out = attention_params(keras_attention(layer))
    set_param(module.in_proj_weight, w_in)
    set_param(module.out_proj.weight, w_out)
    if module.in_proj_bias is not None:
        set_param(module.in_proj_bias, b_in)
        set_param(module.out_proj.bias, b_out)


def copy_conv(module, weights, depthwise):
    """Conv: Keras (*k, in, out) -> PyTorch (out, in/groups, *k); a transposed
    one (a _ConvNd too): Keras (*k, out, in) -> PyTorch (in, out/groups, *k).
    The same permutation, no spatial flip.  A depthwise kernel (*k, C, M) is
    the grouped kernel (*k, 1, C*M): channel c*M + m."""
    rank = weights[0].ndim - 2
    kernel = weights[0]
    if depthwise:
        kernel = kernel.reshape(*kernel.shape[:rank], 1, -1)
    set_param(module.weight, np.transpose(kernel, (rank + 1, rank, *range(rank))))
    if module.bias is not None:
        set_param(module.bias, weights[1])


def copy_weights(kmodel, tmodel, rng, flatten_perms, name_of=None):
    """name_of(layer): the name nnc gave a Keras layer, when it is not its own."""
    mods = torch_modules(tmodel)
    for path, layer in keras_paths(kmodel):
        if name_of:
            path = path[:-1] + (name_of(layer),)
        module = matching_module(mods, path)
        if module is None:
            continue
        weights = [w.numpy() for w in layer.weights]
        if isinstance(module, torch.nn.Parameter):  # a learned tensor (param)
            set_param(module, learned_value(weights[0], module.shape))
        elif isinstance(module, (torch.nn.RNNBase,)):
            copy_rnn(layer, module, rng)
        elif isinstance(module, torch.nn.MultiheadAttention):
            copy_attention(layer, module)
        elif isinstance(module, torch.nn.Linear):
            kernel = weights[0].T
            perm = flatten_perms.get(module)
            if perm is not None:
                kernel = kernel[:, perm]
            set_param(module.weight, kernel)
            if module.bias is not None:
                set_param(module.bias, weights[1])
        elif isinstance(module, torch.nn.modules.conv._ConvNd):
            # Conv: Keras (*k, in, out) -> PyTorch (out, in/groups, *k); a
            # transposed one (a _ConvNd too): Keras (*k, out, in) -> PyTorch
            # (in, out/groups, *k).  The same permutation, no spatial flip.
            if type(layer).__name__.startswith("SeparableConv"):
                # nnc's NAME_depthwise convolution, then the pointwise NAME
                depthwise = matching_module(mods, path[:-1] + (path[-1] + "_depthwise",))
                copy_conv(depthwise, weights[:1], True)
                weights = weights[1:]
            copy_conv(module, weights, type(layer).__name__.startswith("DepthwiseConv"))
        elif isinstance(module, torch.nn.Embedding):
            set_param(module.weight, weights[0])
        elif isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            # Keras holds gamma only with scale, beta only with center: the
            # other stays 1 or 0 in PyTorch (partly_affine)
            params = ((module.weight,) if module.affine and getattr(layer, "scale", True) else ()) \
                + ((module.bias,) if module.affine and getattr(layer, "center", True) else ())
            assert len(weights) == len(params) + 2, (layer.name, len(weights), len(params))
            for param, value in zip(params + (module.running_mean, module.running_var), weights):
                set_param(param, value)
        elif isinstance(module, torch.nn.GroupNorm):
            assert len(weights) == (2 if module.affine else 0)
            if module.affine:
                set_param(module.weight, weights[0])
                set_param(module.bias, weights[1])
        elif type(module).__name__ == "Standardize":  # nnc's, Keras's Normalization
            if weights:  # the statistics as weights (and Keras's count)
                set_param(module.mean, weights[0])
                set_param(module.variance, weights[1])
        elif type(module).__name__ == "RMSNorm":  # torch.nn.RMSNorm: PyTorch 2.4 and later
            set_param(module.weight, weights[0])
        elif isinstance(module, torch.nn.PReLU):  # Keras alpha (1, ..., C) or all 1s -> (C,) or (1,)
            set_param(module.weight, weights[0].reshape(-1))
        elif isinstance(module, torch.nn.LayerNorm):
            set_param(module.weight, weights[0])
            set_param(module.bias, weights[1])


def flatten_inputs(tmodel, sample):
    """(module, input shape) of every leaf module, in the order they run."""
    calls = []
    hooks = [m.register_forward_hook(
        lambda m, i, o: calls.append((m, tuple(getattr(i[0], "shape", ())))))
        for m in tmodel.modules() if not list(m.children())]
    with torch.no_grad():
        tmodel(*sample) if isinstance(sample, list) else tmodel(sample)  # several inputs: each
    for h in hooks:
        h.remove()
    return calls


def flatten_permutations(calls, cl_calls):
    """For a channel-first model: the Linear after a Flatten of a channel-first
    tensor reads C, H, W order where the pivot (and Keras) read H, W, C.  A
    Flatten input is channel-first when it differs from the channel-last
    model's at the same point."""
    cl_flat = [s for m, s in cl_calls if isinstance(m, torch.nn.Flatten)]
    flats = [i for i, (m, _) in enumerate(calls) if isinstance(m, torch.nn.Flatten)]
    perms = {}
    for k, index in enumerate(flats):
        shape = calls[index][1]
        if len(shape) < 3 or shape == cl_flat[k]:
            continue
        cf = shape[1:]
        cl = cf[1:] + cf[:1]
        perm = np.moveaxis(np.arange(int(np.prod(cl))).reshape(cl), -1, 0).reshape(-1)
        for later, _ in calls[index + 1:]:
            if isinstance(later, torch.nn.Linear):
                perms[later] = perm
                break
    return perms


# ---- running ----------------------------------------------------------------

def make_inputs(kmodel, shape, rng):
    first = keras_layers(kmodel)[0] if keras_layers(kmodel) else None
    if isinstance(first, keras.layers.Embedding):
        return rng.integers(0, first.input_dim, (SAMPLES, *shape)).astype("int64")
    return rng.normal(0, 1, (SAMPLES, *shape)).astype("float32")


def run_torch(module, x, channels_first):
    model = model_class(module, True)()
    model.eval()
    shape = tuple(module.INPUT_SHAPE)
    if channels_first and x.ndim >= 3 and shape != x.shape[1:]:
        x = np.moveaxis(x, -1, 1)
    return model, torch.as_tensor(np.ascontiguousarray(x))


def check_model(nnc, path, tmp, rng, rows):
    name = os.path.splitext(os.path.basename(path))[0]
    chain = is_chain(path)
    generated, paths, failures = {}, {}, []
    for target, extra in TARGETS:
        out = os.path.join(tmp, f"{name}_{target.replace('-', '_')}_{len(extra)}.py")
        status, err = generate(nnc, path, target, extra, out)
        if target.endswith("seq") and not chain:
            if status == 0 or "use --target" not in err:
                failures.append(f"{label(target, extra)} should refuse a non-chain model")
            continue
        if status != 0:
            failures.append(f"{label(target, extra)}: nnc failed:\n{err}")
            continue
        generated[label(target, extra)] = load(out, f"gen_{name}_{len(generated)}")
        paths[label(target, extra)] = out
    if "tf-sub" not in generated:
        return failures
    ref_module = generated["tf-sub"]
    if hasattr(ref_module, "INPUT_SHAPES"):
        return check_several(generated, rng, rows, name, failures)
    shape = tuple(ref_module.INPUT_SHAPE)
    outputs = {}
    isolate.step("tf-sub")
    kmodel = model_class(ref_module, False)()
    x = make_inputs_for(ref_module, kmodel, shape, rng)
    kmodel(x[:2])
    randomise(kmodel, rng)
    outputs["tf-sub"] = np.asarray(kmodel(x, training=False))
    cl_calls = {}
    for key, module in generated.items():
        if key == "tf-sub":
            continue
        isolate.step(key)
        if key.startswith("tf"):
            other = model_class(module, False)()
            other(x[:2])
            copy_keras(kmodel, other)
            outputs[key] = np.asarray(other(x, training=False))
            continue
        cf = key.endswith("/cf")
        tmodel, tx = run_torch(module, x, cf)
        calls = flatten_inputs(tmodel, tx[:2])
        style = key.split("/")[0]
        if not cf:
            cl_calls[style] = calls
        perms = flatten_permutations(calls, cl_calls[style]) if cf else {}
        copy_weights(kmodel, tmodel, rng, perms)
        with torch.no_grad():
            y = tmodel(tx).numpy()
        if cf and y.shape != outputs["tf-sub"].shape and y.ndim >= 3:
            y = np.moveaxis(y, 1, -1)
        outputs[key] = y
    for key in ("tf-sub", "tf-seq"):
        if key in paths:
            backends.record(paths[key], x, f"nn_{name}_{key}")
    for a, b in itertools.combinations(outputs, 2):
        if outputs[a].shape != outputs[b].shape:
            failures.append(f"{a} vs {b}: shapes {outputs[a].shape} and {outputs[b].shape}")
            continue
        mad = float(np.max(np.abs(outputs[a].astype("float64") - outputs[b])))
        rows.append((name, f"{a} ~ {b}", mad))
        if not mad <= limit(outputs[a]):
            failures.append(f"{a} vs {b}: max abs difference {mad:.3g}, over "
                            f"{limit(outputs[a]):.3g}")
    return failures


def limit(out):
    """The largest difference allowed against an output: 1e-5, or 1e-5 of
    the output's scale when its values pass 1 (float32 keeps about 7
    digits, so two correct orders of summation differ in proportion)."""
    return TOLERANCE * max(1.0, float(np.max(np.abs(out))))


def check_several(generated, rng, rows, name, failures):
    """A model of several inputs (INPUT_SHAPES, in the order the models take
    them): tf-sub called with the list of inputs, torch-sub with one argument
    per input, the same weights; the outputs must agree."""
    shapes = list(generated["tf-sub"].INPUT_SHAPES.values())
    x = [rng.normal(0, 1, (SAMPLES, *s)).astype("float32") for s in shapes]
    isolate.step("tf-sub")
    kmodel = model_class(generated["tf-sub"], False)()
    kmodel([xi[:2] for xi in x])
    randomise(kmodel, rng)
    outputs = {"tf-sub": np.asarray(kmodel(x, training=False))}
    if "torch-sub" not in generated:
        return failures + ["torch-sub was not generated"]
    isolate.step("torch-sub")
    tmodel = model_class(generated["torch-sub"], True)()
    tmodel.eval()
    tx = [torch.as_tensor(xi) for xi in x]
    copy_weights(kmodel, tmodel, rng, {})
    with torch.no_grad():
        outputs["torch-sub"] = tmodel(*tx).numpy()
    if "torch-sub/cf" in generated:  # each input in the layout the model takes it in
        isolate.step("torch-sub/cf")
        module = generated["torch-sub/cf"]
        cmodel = model_class(module, True)()
        cmodel.eval()
        cx = [torch.as_tensor(np.ascontiguousarray(
            np.moveaxis(xi, -1, 1) if tuple(want) != xi.shape[1:] else xi))
            for xi, want in zip(x, module.INPUT_SHAPES.values())]
        perms = several_flatten_perms(cmodel, [c[:2] for c in cx],
                                      flatten_shapes(tmodel, [t[:2] for t in tx]))
        copy_weights(kmodel, cmodel, rng, perms)
        with torch.no_grad():
            y = cmodel(*cx).numpy()
        outputs["torch-sub/cf"] = np.moveaxis(y, 1, -1) if y.ndim >= 3 and \
            y.shape != outputs["tf-sub"].shape else y
    for key in outputs:
        if key == "tf-sub":
            continue
        a, b = outputs["tf-sub"], outputs[key]
        if a.shape != b.shape:
            failures.append(f"tf-sub vs {key}: shapes {a.shape} and {b.shape}")
            continue
        mad = float(np.max(np.abs(a.astype("float64") - b)))
        rows.append((name, f"tf-sub ~ {key}", mad))
        if not mad <= limit(a):
            failures.append(f"tf-sub vs {key}: max abs difference {mad:.3g}")
    return failures


def flatten_shapes(tmodel, sample):
    """The input shapes of the model's Flatten modules, in the order they run
    (sample: one tensor per input)."""
    shapes = []
    hooks = [m.register_forward_hook(lambda m, i, o: shapes.append(tuple(i[0].shape)))
             for m in tmodel.modules() if isinstance(m, torch.nn.Flatten)]
    with torch.no_grad():
        tmodel(*sample)
    for h in hooks:
        h.remove()
    return shapes


def several_flatten_perms(tmodel, sample, cl_shapes):
    """flatten_permutations for a model of several inputs: a Flatten of a
    channel-first tensor (its input differs from the channel-last model's)
    may reach a Linear through a concatenation, so the Linear reading it is
    found by value (its output as a slice of the Linear's input), and only
    that slice of the kernel's columns is permuted."""
    flats, reads = [], []
    hooks = [m.register_forward_hook(lambda m, i, o: flats.append((tuple(i[0].shape), o[0])))
             for m in tmodel.modules() if isinstance(m, torch.nn.Flatten)]
    hooks += [m.register_forward_hook(lambda m, i, o: reads.append((m, i[0][0])))
              for m in tmodel.modules() if isinstance(m, torch.nn.Linear)]
    with torch.no_grad():
        tmodel(*sample)
    for h in hooks:
        h.remove()
    perms = {}
    for k, (shape, out) in enumerate(flats):
        if len(shape) < 3 or shape == cl_shapes[k]:
            continue
        cf = shape[1:]
        cl = cf[1:] + cf[:1]
        perm = np.moveaxis(np.arange(int(np.prod(cl))).reshape(cl), -1, 0).reshape(-1)
        n = out.numel()
        for module, seen in reads:
            at = next((o for o in range(seen.numel() - n + 1)
                       if torch.equal(seen[o:o + n], out)), None)
            if at is not None:
                full = perms.get(module, np.arange(seen.numel()))
                full[at:at + n] = at + perm
                perms[module] = full
                break
    return perms


def make_inputs_for(module, kmodel, shape, rng):
    kmodel(np.zeros((1, *shape), dtype="float32"))
    return make_inputs(kmodel, shape, rng)


def copy_keras(src, dst):
    """Copy weights layer by layer, matching the outermost layers by name."""
    by_name = {layer.name: layer for layer in keras_layers(src)}

    def walk(layer):
        for child in layer._flatten_layers(include_self=False, recursive=False):
            if child.name in by_name and child.weights:
                child.set_weights(by_name[child.name].get_weights())
                if isinstance(child, keras.layers.Normalization):
                    child.finalize_state()  # its statistics as weights: read from there
            else:
                walk(child)
    walk(dst)


def code_of(path):
    """A generated file's code without its docstrings (which name the source)."""
    tree = ast.parse(open(path).read())
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and \
                isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def same_code(a, b):
    """Two generated files with the same code: the same model, so the same
    outputs for the same weights and inputs (not run twice)."""
    return code_of(a) == code_of(b)


def print_round_trips(trips, cols, title, cell=19):
    """The round-trip table: one row per file (name, [(path, max abs diff,
    "same .nn" for a pivot read back unchanged, or a reason)], models run),
    one column per path, then the summary line."""
    width = max([len(t[0]) for t in trips] + [4])
    print()
    print(f"{'file':<{width}}  " + "  ".join(f"{c:<{cell}}" for c in cols))
    done = 0
    for name, results, _ in trips:
        got = dict(results)
        cells = [got.get(c, got.get("all", "-")) for c in cols]
        cells = [("exception" if v.startswith("exception") else v) if isinstance(v, str)
                 else format(v, ".3g") for v in cells]
        done += bool(results) and all(not isinstance(v, str) or v == "same .nn"
                                      for _, v in results)
        print(f"{name:<{width}}  " + "  ".join(f"{c:<{cell}}" for c in cells))
    for name, results, _ in trips:
        for _, v in results:
            if isinstance(v, str) and v.startswith("exception"):
                print(f"{name}: {v}")
    print(f"{title}: {done} of {len(trips)} files round-trip on every path "
          f"(max abs diff <= {TOLERANCE:g}; '-': a Sequential target that does not apply); "
          f"{sum(t[2] for t in trips)} of {sum(len(t[1]) for t in trips)} read-back models run, "
          f"the others have the code of a model already run")


def worker(nnc, tmp):
    """The check of one model in a worker: its failures and table rows."""
    torch.set_num_threads(2)
    tf.config.threading.set_intra_op_parallelism_threads(2)
    torch.manual_seed(0)
    keras.utils.set_random_seed(0)

    def check(path):
        # each model's own seed: its weights and inputs do not depend on
        # which models ran before it in this worker
        rng = np.random.default_rng([20240601, zlib.crc32(os.path.basename(path).encode())])
        rows = []
        try:
            problems = check_model(nnc, path, tmp, rng, rows)
        except Exception as exc:  # report and go on with the next model
            problems = [f"{type(exc).__name__}: {exc}"]
        return {"problems": problems, "rows": rows}
    return check


def main(argv):
    nnc, paths = argv[1], argv[2:]
    if isolate.is_worker():
        with tempfile.TemporaryDirectory() as tmp:
            return isolate.serve(worker(nnc, tmp))
    start = time.time()
    results = isolate.run(paths, argv)
    rows, failures = [], []
    for path in paths:
        result = results[path]
        rows += [tuple(r) for r in result.get("rows", [])]
        problems = result.get("problems", [result.get("crash")])
        failures += [f"{os.path.basename(path)}: {p}" for p in problems]
    width = max([len(r[0]) for r in rows] + [5])
    print(f"{'model':<{width}}  {'target pair':<34} max abs diff")
    for model, pair, mad in rows:
        print(f"{model:<{width}}  {pair:<34} {mad:.3g}")
    print(f"{len(paths)} models, {len(rows)} pairs, {time.time() - start:.1f} s")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
