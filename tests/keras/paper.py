"""The source paper's evaluation: the five reference networks x the eight
architecture scenarios (TF-seq/TF-sub -> Torch-seq/Torch-sub and back),
each the max abs difference between the source model and its migration on
100 random inputs with the same weights.

TF -> Torch uses the Keras files of examples/keras (tests/keras/keras_equiv.py);
Torch -> TF uses the PyTorch files of examples/pytorch: the generated Keras
model gets random weights, copied into the PyTorch source in call order.

Usage: paper.py NNC (prints a Markdown table)
"""

import ast
import os
import re
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import keras_equiv as kequiv  # noqa: E402  (tests/keras/keras_equiv.py)

equiv = kequiv.equiv
keras = kequiv.keras
TOP = os.path.join(HERE, "..", "..")

NETWORKS = ["alexnet", "vgg16", "lstm_text", "cnn_rnn_text", "tf_tutorial_cnn"]
KERAS = {"seq": "{}_sequential.py", "sub": "{}_subclass.py"}
TORCH = {  # PyTorch sources of examples/pytorch, by style
    ("alexnet", "seq"): "alexnet_sequential.py", ("alexnet", "sub"): "alexnet_module.py",
    ("vgg16", "seq"): "vgg16_sequential.py", ("vgg16", "sub"): "vgg16_module.py",
    ("lstm_text", "sub"): "lstm_text.py", ("cnn_rnn_text", "sub"): "cnn_rnn_text.py",
    ("tf_tutorial_cnn", "seq"): "tf_tutorial_cnn_sequential.py",
    ("tf_tutorial_cnn", "sub"): "tf_tutorial_cnn_module.py",
}


def tf_to_torch(nnc, net, style, target, tmp, rng, cache={}):
    path = os.path.join(TOP, "examples", "keras", KERAS[style].format(net))
    if not os.path.exists(path):
        return "n/a (no such source style: branches)"
    if path not in cache:
        rows = []
        cache[path] = (kequiv.check_file(nnc, path, tmp, rng, rows), rows)
    problems, rows = cache[path]
    for _, pair, mad in rows:
        if pair == f"source ~ {target}":
            return mad
    return "refused: " + "; ".join(problems)[:60] if problems else "n/a"


SHAPES = {"alexnet": (3, 224, 224), "vgg16": (3, 224, 224), "lstm_text": (100,),
          "cnn_rnn_text": (64,), "tf_tutorial_cnn": (3, 32, 32)}  # the PyTorch examples' channel-first inputs


def load_torch(path):
    """The example's definitions: each top-level statement run on its own, so
    that training code written to be read (empty loaders) is left out."""
    ns = {"__name__": "__main__"}  # the model may be built in the main block
    for stmt in ast.parse(open(path).read()).body:
        try:
            exec(compile(ast.Module([stmt], []), path, "exec"), ns)
        except Exception:  # noqa: BLE001 - training code only
            pass
    return ns


def torch_model(ns, network):
    if isinstance(ns.get(network), type):
        made = [v for v in ns.values() if isinstance(v, ns[network])]
        return made[-1] if made else ns[network]()
    if isinstance(ns.get(network), torch.nn.Module):
        return ns[network]
    models = [v for v in ns.values() if isinstance(v, torch.nn.Module)
              and not isinstance(v, torch.nn.modules.loss._Loss)]
    return models[-1]


def leaf_order(tmodel, x):
    order = []
    hooks = [m.register_forward_hook(lambda m, i, o: order.append(m) if m not in order else None)
             for m in tmodel.modules() if not list(m.children()) and list(m.parameters())]
    with torch.no_grad():
        tmodel(x)
    for h in hooks:
        h.remove()
    return order


def torch_to_tf(nnc, net, style, target, tmp, rng):
    name = TORCH.get((net, style))
    if not name:
        return "n/a (no PyTorch source in this style)"
    path = os.path.join(TOP, "examples", "pytorch", name)
    out = os.path.join(tmp, f"{net}_{style}_{target}.py")
    shape = SHAPES[net]
    status, err = equiv.generate(nnc, path, target,
                                 ["--input-shape", ",".join(map(str, shape))], out)
    if status != 0:
        return "refused: " + err.strip().splitlines()[0].split("error: ")[-1][:70]
    gen = equiv.load(out, f"rev_{net}_{style}_{target}")
    kmodel = equiv.model_class(gen, False)()
    network = re.findall(r"^class (\w+)\(keras\.(?:Model|Sequential)\)", open(out).read(), re.M)[-1]
    tmodel = torch_model(load_torch(path), network).eval()
    kmodel(np.zeros((1, *shape), dtype="float32"))
    x = kequiv.make_inputs(kmodel, shape, rng)
    equiv.randomise(kmodel, rng)
    korder = kequiv.call_order(kmodel, x[:2])
    torder = leaf_order(tmodel, torch.as_tensor(x[:2]))
    wrapper = torch.nn.Module()
    for k, t in zip(korder, torder):
        wrapper.add_module(k.name, t)
    equiv.copy_weights(kmodel, wrapper, rng, {})
    with torch.no_grad():
        y = tmodel(torch.as_tensor(x)).numpy()
    return float(np.max(np.abs(np.asarray(kmodel(x, training=False)) - y)))


def main(argv):
    nnc = argv[1]
    rng = np.random.default_rng(7)
    torch.manual_seed(0)
    scenarios = [(f"TF-{s}", f"Torch-{t[6:]}", s, t) for s in ("seq", "sub")
                 for t in ("torch-seq", "torch-sub")]
    scenarios += [(f"Torch-{s}", f"TF-{t[3:]}", s, t) for s in ("seq", "sub")
                  for t in ("tf-seq", "tf-sub")]
    print("| network | " + " | ".join(f"{a} -> {b}" for a, b, _, _ in scenarios) + " |")
    print("|---" * (len(scenarios) + 1) + "|")
    with tempfile.TemporaryDirectory() as tmp:
        for net in NETWORKS:
            cells = []
            for a, _, style, target in scenarios:
                run = tf_to_torch if a.startswith("TF") else torch_to_tf
                try:
                    v = run(nnc, net, style, target, tmp, rng)
                except Exception as exc:
                    v = f"error: {type(exc).__name__}: {exc}"[:70]
                cells.append(f"{v:.2g}" if isinstance(v, float) else str(v))
            print(f"| {net} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
