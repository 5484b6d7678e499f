"""Equivalence of Keras source files with their migrations.

For every Keras file: nnc migrates it to every target (tf-sub, tf-seq,
torch-sub, torch-seq, and the PyTorch ones again with --channels first);
the source model gets random weights and batch-norm statistics; they are
copied into the generated tf-sub model layer by layer in call order, and
from there into the other targets with the generators' harness
(tests/equiv/equiv.py); 100 random inputs go through all of them and every
output must be within 1e-5 of the source's.  Round trip, enforced:
the generated torch-sub and torch-seq files (channel-last, as nnc writes
them by default), each called on a sample input as user code would, are
read back by nnc's PyTorch reader and migrated to tf-sub and tf-seq (the
Sequential target refuses only a model that is not a chain); the source's
weights are copied into each of those models as into the direct ones, and
100 inputs must give the source's outputs within 1e-5.  A file that cannot
make the round trip must be listed in ROUND_TRIP_EXCEPTIONS with the
reason (documented in doc/m2m-keras.md); the table shows it.

Usage: equiv.py NNC FILE.py... (prints a table; exit status 1 on failure)
"""

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "equiv"))

import equiv  # noqa: E402  (the generators' harness: weights, targets, loading)
import backends  # noqa: E402
import isolate  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import keras  # noqa: E402


def is_leaf(layer):
    """A layer whose weights are its own (Bidirectional, RNN and
    TimeDistributed, whose weights are its Dense's, count as one)."""
    return isinstance(layer, (keras.layers.Bidirectional, keras.layers.RNN,
                              keras.layers.TimeDistributed)) or \
        not layer._flatten_layers(include_self=False, recursive=False)


def spying(order):
    """Record layers with weights at their first call, outermost leaves only."""
    original, depth = keras.layers.Layer.__call__, [0]

    def spy(self, *args, **kwargs):
        leaf = is_leaf(self)
        result = None
        depth[0] += leaf
        try:
            result = original(self, *args, **kwargs)
        finally:
            depth[0] -= leaf
        if leaf and depth[0] == 0 and self.weights and self not in order:
            order.append(self)
        return result
    return original, spy


def load_source(path, name):
    """The module, and the layers in the order its code called them while
    loading (the order of a functional graph's definition)."""
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:  # a builder imported from the module beside it
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    order = []
    original, spy = spying(order)
    keras.layers.Layer.__call__ = spy
    try:
        spec.loader.exec_module(module)  # __name__ is not "__main__": no training runs
    finally:
        keras.layers.Layer.__call__ = original
    return module, order


def source_model(module, network):
    """The model nnc migrated: a model object of the file, else its class."""
    objects = {k: v for k, v in vars(module).items() if isinstance(v, keras.Model)}
    for key in (network, "model"):
        if key in objects:
            return objects[key]
    for obj in objects.values():
        if obj.name == network:
            return obj
    cls = vars(module).get(network)
    if isinstance(cls, type):
        return cls()
    if len(objects) == 1:
        return next(iter(objects.values()))
    raise LookupError(f"no model called {network}")


def call_order(model, x):
    """The leaf layers with weights, in the order one forward pass calls them."""
    order = []
    original, spy = spying(order)
    keras.layers.Layer.__call__ = spy
    try:
        model(x, training=False)
    finally:
        keras.layers.Layer.__call__ = original
    return order


def weight_groups(layers):
    """(name, weights) of each layer as nnc writes it: a SeparableConv is a
    depthwise convolution NAME_depthwise (its depthwise kernel) then a
    pointwise one NAME (its pointwise kernel and bias); a custom layer with
    several weights of its own, one learned tensor per weight."""
    groups = []
    for layer in layers:
        weights = layer.get_weights()
        if type(layer).__name__.startswith("SeparableConv"):
            groups += [(layer.name + "_depthwise", weights[:1]), (layer.name, weights[1:])]
        elif not type(layer).__module__.startswith("keras") and len(weights) > 1:
            # a custom layer's own weights (add_weight): one learned tensor
            # each, in the order it made them (the order its call uses them)
            groups += [(f"{layer.name}_{w.name}", [v]) for w, v in zip(layer.weights, weights)]
        else:
            groups.append((layer.name, weights))
    return groups


def copy_in_order(src, dst, x, load_order, dst_x=None):
    """Source layers by name when the source names them all as nnc did, else in
    the order the source code applies them (a functional graph: the order of
    its definition), into the generated model's layers in
    call order, which is the pivot's module order.  dst_x: the generated
    model's input when it differs from the source's (a dict of inputs)."""
    dst_x = x if dst_x is None else dst_x
    a, b = weight_groups(call_order(src, x)), call_order(dst, dst_x)
    assert len(a) == len(b), f"{len(a)} weighted layers in the source, {len(b)} generated"
    names = dict(a)
    if all(layer.name in names and [w.shape for w in names[layer.name]] ==
           [w.shape for w in layer.weights] for layer in b):
        a = [(layer.name, names[layer.name]) for layer in b]
    elif type(src).__name__ == "Functional":
        called = call_order(src, x)
        defined = [layer for layer in load_order if layer in called]
        if len(defined) == len(called):
            a = weight_groups(defined)
    for (_, wa), lb in zip(a, b):
        # a DepthwiseConv kernel (k..., C, M) is the grouped Conv kernel
        # (k..., 1, C*M) nnc writes: output channel c*M + m in both
        lb.set_weights([np.reshape(w, t.shape) for w, t in zip(wa, lb.get_weights())])
        if isinstance(lb, keras.layers.Normalization):
            lb.finalize_state()  # its statistics as weights: read from there


def make_inputs(src, shape, rng):
    """Token ids when the first layer is an Embedding, else normal floats."""
    first = call_order(src, np.zeros((1, *shape), dtype="float32"))
    if first and isinstance(first[0], keras.layers.Embedding):
        return rng.integers(0, first[0].input_dim, (equiv.SAMPLES, *shape)).astype("int64")
    return rng.normal(0, 1, (equiv.SAMPLES, *shape)).astype("float32")


def pivot_info(nnc, path, tmp):
    out = os.path.join(tmp, "pivot.nn")
    subprocess.run([nnc, path, "--emit-dsl", "-o", out, "-f"], check=True,
                   capture_output=True, text=True)
    text = open(out).read()
    name = text.split(":", 1)[0].strip().splitlines()[-1]
    shape = re.search(r"input_shape=\[([^\]]*)\]", text)
    return name, tuple(int(v) for v in shape.group(1).split(",")), out


def torch_output(module, key, x, kmodel, rng, cl_calls):
    cf = key.endswith("/cf")
    tmodel, tx = equiv.run_torch(module, x, cf)
    calls = equiv.flatten_inputs(tmodel, tx[:2])
    style = key.split("/")[0]
    if not cf:
        cl_calls[style] = calls
    perms = equiv.flatten_permutations(calls, cl_calls[style]) if cf else {}
    equiv.copy_weights(kmodel, tmodel, rng, perms)
    with torch.no_grad():
        y = tmodel(tx).numpy()
    if cf and y.ndim >= 3 and y.shape[1:] != tuple(kmodel(x[:1], training=False).shape[1:]):
        y = np.moveaxis(y, 1, -1)
    return y


def generate_all(nnc, path, pivot, tmp, base):
    generated, failures = {}, []
    chain = equiv.is_chain(pivot)
    for target, extra in equiv.TARGETS:
        out = os.path.join(tmp, f"{base}_{target.replace('-', '_')}_{len(extra)}.py")
        status, err = equiv.generate(nnc, path, target, extra, out)
        key = equiv.label(target, extra)
        if target.endswith("seq") and not chain:
            if status == 0 or "use --target" not in err:
                failures.append(f"{key} should refuse a non-chain model")
            continue
        if status != 0 and extra and "first with several inputs" in err:
            continue  # several inputs: torch-seq takes none, channels first or last
        if status != 0:
            failures.append(f"{key}: nnc failed:\n{err}")
            continue
        generated[key] = (out, equiv.load(out, f"gen_{base}_{len(generated)}"))
    return generated, failures


# Keras files that cannot come back from PyTorch, with the reason: a
# deliberate, documented exception (doc/m2m-keras.md), printed in the table.
# Every other file must round-trip.
ROUND_TRIP_EXCEPTIONS = {
}

BACK_TARGETS = ["tf-sub", "tf-seq"]


def user_file(torch_file, x, tmp, name):
    """The generated PyTorch file as a user runs it: the model called on a
    sample input (which is also where nnc's PyTorch reader takes the input
    shape from)."""
    text = open(torch_file).read()
    cls = re.findall(r"^class (\w+)\(nn\.(?:Module|Sequential)\)", text, re.M)[-1]
    samples = []
    for xi in x if isinstance(x, list) else [x]:  # several inputs: one argument each
        shape = ", ".join(str(d) for d in (1, *xi.shape[1:]))
        samples.append(f"torch.zeros({shape}, dtype=torch.long)" if xi.dtype.kind == "i"
                       else f"torch.zeros({shape})")
    sample = ", ".join(samples)
    path = os.path.join(tmp, f"{name}_user.py")
    with open(path, "w") as f:
        f.write(text + f"\n\nimport torch\n\nmodel = {cls}()\nmodel({sample})\n")
    return path


def round_trip(nnc, key, torch_file, tmp, base, ctx):
    """TF -> PyTorch (key) -> TF: the generated PyTorch file read back by nnc's
    PyTorch reader into every Keras target; the source's weights copied in as
    into the direct migrations; outputs compared with the source's.
    Returns the failures; appends (target, result) to ctx["trips"]."""
    src, x, src_out, load_order = ctx["src"], ctx["x"], ctx["src_out"], ctx["load_order"]
    name = f"{base}_{key.replace('-', '_')}"
    user = user_file(torch_file, x, tmp, name)
    pivot = os.path.join(tmp, f"{name}_back.nn")
    status, err = equiv.generate(nnc, user, "dsl", [], pivot)
    if status != 0:
        first = err.strip().splitlines()[0] if err.strip() else "?"
        ctx["trips"].append((f"{key}>tf-sub", "FAILED: " + first.split(": error: ")[-1]))
        return [f"{key}: the PyTorch reader failed: {first}"]
    chain = equiv.is_chain(pivot)
    failures = []
    for target in BACK_TARGETS:
        label = f"{key}>{target}"
        out = os.path.join(tmp, f"{name}_back_{target.replace('-', '_')}.py")
        status, err = equiv.generate(nnc, user, target, [], out)
        if target == "tf-seq" and not chain:
            if status == 0 or "use --target" not in err:
                failures.append(f"{label}: should refuse a non-chain model")
            continue
        if status != 0:
            first = err.strip().splitlines()[0] if err.strip() else "?"
            failures.append(f"{label}: the PyTorch reader failed: {first}")
            ctx["trips"].append((label, "FAILED: " + first.split(": error: ")[-1]))
            continue
        mad = next((m for done, m in ctx["seen"].get(target, []) if equiv.same_code(done, out)), None)
        if mad is None:  # not the code of a model already run
            ctx["runs"] = ctx.get("runs", 0) + 1
            back = equiv.model_class(equiv.load(out, f"back_{name}_{target[3:]}"), False)()
            head = [xi[:2] for xi in x] if isinstance(x, list) else x[:2]
            back(head)
            copy_in_order(src, back, source_inputs(src, head) if isinstance(x, list) else head,
                          load_order, head)
            mad = float(np.max(np.abs(np.asarray(back(x, training=False)) - src_out)))
            ctx["seen"].setdefault(target, []).append((out, mad))
        ctx["trips"].append((label, mad))
        if not mad <= equiv.TOLERANCE:
            failures.append(f"{label}: max abs difference {mad:.3g}")
    return failures


def round_trips(nnc, generated, tmp, base, ctx):
    """Every PyTorch target generated from the file, read back (or its exception)."""
    if base in ROUND_TRIP_EXCEPTIONS:
        ctx["trips"].append(("all", "exception: " + ROUND_TRIP_EXCEPTIONS[base]))
        return []
    failures = []
    for key in ("torch-sub", "torch-seq"):
        if key in generated:
            try:
                failures += round_trip(nnc, key, generated[key][0], tmp, base, ctx)
            except Exception as exc:  # a wrong read-back: report, go on
                failures.append(f"{key}>tf: {type(exc).__name__}: {exc}")
                ctx["trips"].append((f"{key}>tf", f"FAILED: {type(exc).__name__}"))
    return failures


def rows_mad(rows, base, key):
    """The difference measured for file base's direct target key, or None."""
    return next((m for b, pair, m in rows if b == base and pair == f"source ~ {key}"), None)


def source_inputs(src, xs):
    """The inputs xs (in the pivot's order) as the source model takes them:
    a dict keyed as its inputs= dict, else the list."""
    given = getattr(src, "_inputs_struct", None)
    return dict(zip(given.keys(), xs)) if isinstance(given, dict) else list(xs)


def check_several(nnc, path, src, generated, load_order, rng, rows, tmp, base, trips):
    """A model of several inputs (INPUT_SHAPES, in the pivot's order):
    each input its own random tensor, the source called with them as it takes
    them, tf-sub with their list, torch-sub with one argument each; every
    output within 1e-5 of the source's.  Round trips: torch-sub read back by
    the PyTorch reader into tf-sub, and tf-sub read back by the Keras reader
    (the same .nn)."""
    shapes = list(generated["tf-sub"][1].INPUT_SHAPES.values())
    xs = [rng.normal(0, 1, (equiv.SAMPLES, *s)).astype("float32") for s in shapes]
    two = [xi[:2] for xi in xs]
    src(source_inputs(src, [xi[:1] for xi in xs]))
    equiv.randomise(src, rng)
    src_out = np.asarray(src(source_inputs(src, xs), training=False))
    kmodel = equiv.model_class(generated["tf-sub"][1], False)()
    kmodel(two)
    copy_in_order(src, kmodel, source_inputs(src, two), load_order, two)
    failures, cl_calls = [], []
    for key, (gen_path, module) in generated.items():
        isolate.step(key)
        if key == "tf-sub":
            y = np.asarray(kmodel(xs, training=False))
        elif key in ("torch-sub", "torch-sub/cf"):
            y = several_torch(module, key.endswith("/cf"), xs, kmodel, rng, cl_calls)
        else:
            failures.append(f"{key}: generated for a model of several inputs")
            continue
        mad = float(np.max(np.abs(y.astype("float64") - src_out)))
        rows.append((base, f"source ~ {key}", mad))
        if not mad <= equiv.TOLERANCE:
            failures.append(f"{key}: max abs difference {mad:.3g}")
    ctx = {"src": src, "x": xs, "src_out": src_out, "load_order": load_order, "trips": [],
           "seen": {"tf-sub": [(generated["tf-sub"][0], rows_mad(rows, base, "tf-sub"))]}}
    failures += round_trips(nnc, {k: v for k, v in generated.items() if k == "torch-sub"},
                            tmp, base, ctx)
    keras_trip = []
    failures += keras_round_trip(nnc, path, generated["tf-sub"][0], tmp, base, shapes, keras_trip)
    trips.append((base, ctx["trips"] + keras_trip[0][1], ctx.get("runs", 0)))
    return failures


def several_torch(module, cf, xs, kmodel, rng, cl_calls):
    """torch-sub's output on the inputs xs (channels last), one argument per
    input; with --channels first (cf), each image input (3 axes or more)
    given channels first, the Linear after a Flatten of a channels-first
    tensor permuted as for one input, and an image output moved back."""
    tmodel = equiv.model_class(module, True)()
    tmodel.eval()
    txs = [torch.as_tensor(np.ascontiguousarray(np.moveaxis(xi, -1, 1) if cf and xi.ndim >= 3
                                                else xi)) for xi in xs]
    calls = equiv.flatten_inputs(tmodel, [t[:2] for t in txs])
    if not cf:
        cl_calls[:] = calls
    equiv.copy_weights(kmodel, tmodel, rng, equiv.flatten_permutations(calls, cl_calls) if cf else {})
    with torch.no_grad():
        y = tmodel(*txs).numpy()
    return np.moveaxis(y, 1, -1) if cf and y.ndim >= 3 else y


def pivot_text(text):
    """A .nn text without its comments and the network's name line, its
    tensor ops renamed by position (the generated code calls ops by
    function, so their names are the reader's own: concatenate, concat)."""
    lines = [ln.split("#")[0].rstrip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln][1:]
    ops = re.findall(r"- name=(\w+)", "\n".join(lines))
    out = "\n".join(lines)
    for k, name in enumerate(ops):
        out = re.sub(rf"(?<!type=)\b{name}\b", f"op_{k}", out)
    return out


def keras_round_trip(nnc, path, tf_file, tmp, base, shapes, trips):
    """tf-sub, called on its sample inputs as user code would, read
    back by the Keras reader: the same .nn as the source's but for the
    network's name and the comments."""
    user = os.path.join(tmp, f"{base}_tf_user.py")
    text = open(tf_file).read()
    cls = re.findall(r"^class (\w+)\(keras\.Model\)", text, re.M)[-1]
    sample = ", ".join(f"np.zeros({(1, *s)}, dtype='float32')" for s in shapes)
    with open(user, "w") as f:
        f.write(text + f"\n\nimport numpy as np\n\nmodel = {cls}()\nmodel([{sample}])\n")
    texts = []
    for src in (path, user):
        out = os.path.join(tmp, f"{base}_{len(texts)}_trip.nn")
        status, err = equiv.generate(nnc, src, "dsl", [], out)
        if status != 0:
            trips.append((base, [("tf-sub>keras", "FAILED")], 0))
            return [f"tf-sub>keras: the Keras reader failed: {err.strip()}"]
        texts.append(pivot_text(open(out).read()))
    same = texts[0] == texts[1]
    trips.append((base, [("tf-sub>keras", "same .nn" if same else "DIFFERENT .nn")], 0))
    return [] if same else ["tf-sub>keras: the .nn read back differs from the source's"]


def check_file(nnc, path, tmp, rng, rows, trips=None):
    base = os.path.splitext(os.path.basename(path))[0]
    network, shape, pivot = pivot_info(nnc, path, tmp)
    module, load_order = load_source(path, f"src_{base}")
    src = source_model(module, network)
    generated, failures = generate_all(nnc, path, pivot, tmp, base)
    if "tf-sub" not in generated:
        return failures
    if hasattr(generated["tf-sub"][1], "INPUT_SHAPES"):  # several inputs
        return failures + check_several(nnc, path, src, generated, load_order, rng, rows, tmp,
                                        base, [] if trips is None else trips)
    src(np.zeros((1, *shape), dtype="float32"))
    x = make_inputs(src, shape, rng)
    equiv.randomise(src, rng)
    src_out = np.asarray(src(x, training=False))
    kmodel = equiv.model_class(generated["tf-sub"][1], False)()
    kmodel(x[:2])
    copy_in_order(src, kmodel, x[:2], load_order)
    cl_calls = {}
    for key, (gen_path, module) in generated.items():
        isolate.step(key)
        if key.startswith("tf"):
            backends.record(gen_path, x, f"keras_{base}_{key}")
        if key == "tf-sub":
            y = np.asarray(kmodel(x, training=False))
        elif key.startswith("tf"):
            other = equiv.model_class(module, False)()
            other(x[:2])
            equiv.copy_keras(kmodel, other)
            y = np.asarray(other(x, training=False))
        else:
            y = torch_output(module, key, x, kmodel, rng, cl_calls)
        if y.shape != src_out.shape:
            failures.append(f"{key}: shape {y.shape}, source {src_out.shape}")
            continue
        mad = float(np.max(np.abs(y.astype("float64") - src_out)))
        rows.append((base, f"source ~ {key}", mad))
        if not mad <= equiv.TOLERANCE:
            failures.append(f"{key}: max abs difference {mad:.3g}")
    seen = {k: [(generated[k][0], rows_mad(rows, base, k))] for k in ("tf-sub", "tf-seq")
            if k in generated and rows_mad(rows, base, k) is not None}
    ctx = {"src": src, "x": x, "src_out": src_out, "load_order": load_order, "trips": [],
           "seen": seen}
    failures += round_trips(nnc, generated, tmp, base, ctx)
    if trips is not None:
        trips.append((base, ctx["trips"], ctx.get("runs", 0)))
    return failures


def print_trips(trips):
    """The round-trip table: source vs TF -> PyTorch -> TF, one column per path."""
    cols = [f"{k}>{t}" for k in ("torch-sub", "torch-seq") for t in BACK_TARGETS]
    cols.append("tf-sub>keras")  # models of several inputs
    equiv.print_round_trips(trips, cols, "TF -> PyTorch -> TF", cell=17)


def worker(nnc, tmp):
    """The checks of one Keras file in a worker: failures, table rows, round trips."""
    torch.set_num_threads(2)
    rng = np.random.default_rng(20240607)
    torch.manual_seed(0)
    keras.utils.set_random_seed(0)

    def check(path):
        rows, trips = [], []
        try:
            problems = check_file(nnc, path, tmp, rng, rows, trips)
        except Exception as exc:  # report and go on with the next file
            problems = [f"{type(exc).__name__}: {exc}"]
        return {"problems": problems, "rows": rows, "trips": trips}
    return check


def main(argv):
    nnc, paths = argv[1], argv[2:]
    if isolate.is_worker():
        with tempfile.TemporaryDirectory() as tmp:
            return isolate.serve(worker(nnc, tmp))
    rows, trips, failures, ok = [], [], [], 0
    start = time.time()
    results = isolate.run(paths, argv)
    for path in paths:
        result = results[path]
        rows += [tuple(r) for r in result.get("rows", [])]
        trips += [tuple(t) for t in result.get("trips", [])]
        problems = result.get("problems", [result.get("crash")])
        ok += not problems
        failures += [f"{os.path.basename(path)}: {p}" for p in problems]
    width = max([len(r[0]) for r in rows] + [5])
    print(f"{'file':<{width}}  {'pair':<28} max abs diff")
    for model, pair, mad in rows:
        print(f"{model:<{width}}  {pair:<28} {mad if isinstance(mad, str) else format(mad, '.3g')}")
    print_trips(trips)
    print(f"{ok} of {len(paths)} Keras files equivalent in every target and back, "
          f"{len(rows)} pairs, {sum(len(t[1]) for t in trips)} round trips, "
          f"{time.time() - start:.1f} s")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
