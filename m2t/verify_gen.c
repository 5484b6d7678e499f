/* verify_gen.c - --verify: the Python script that checks a generated
 * model against its source (see verify_gen.h).
 *
 * nnc writes the facts it knows at the top of the script (the source's
 * framework and how to build its model, the generated class, the learned
 * layers' source paths from nn_elem.weights_from, the input's kind and
 * layout); the rest of the script is the same for every model: it builds
 * both models, gives them the same weights and inputs, and compares.
 */
#include "m2t/verify_gen.h"

#include <string.h>

#include "frameworks/pytext.h"
#include "metamodel/shape.h"

/* What every script runs after its facts: argv[1..6] are the source file,
 * the generated file, the tolerance, the weights file ("" for random
 * weights), the label of the messages and "1" for a one-line verdict.
 * Exit 1: the models could not be compared (a layer with no source, no
 * input shape); 2: the direction is not available; 3: a missing package;
 * 7: an output differs beyond the tolerance. */
static const char body[] =
    "source_path, generated_path, tolerance, weights_file, label, brief = sys.argv[1:7]\n"
    "tolerance, brief = float(tolerance), brief == \"1\"\n"
    "\n"
    "\n"
    "def fail(status, message):\n"
    "    sys.stderr.write(f\"nnc: error: --verify: {label}: {message}\\n\")\n"
    "    sys.exit(status)\n"
    "\n"
    "\n"
    "if \"torch\" in (SOURCE, TARGET):  # torch is needed anyway: no second framework\n"
    "    os.environ.setdefault(\"KERAS_BACKEND\", \"torch\")\n"
    "for package in [\"numpy\"] + [p for p in (\"torch\", \"keras\") if p in (SOURCE, TARGET)]:\n"
    "    try:\n"
    "        importlib.import_module(package)\n"
    "    except ImportError as e:\n"
    "        fail(3, f\"verifying needs the Python package '{package}', which {sys.executable} \"\n"
    "                f\"cannot import ({e}); install it or name another interpreter with --python\")\n"
    "import numpy as np  # noqa: E402\n"
    "if \"torch\" in (SOURCE, TARGET):\n"
    "    import torch\n"
    "if \"keras\" in (SOURCE, TARGET):\n"
    "    import keras\n"
    "\n"
    "\n"
    "def load(path, name, lenient):\n"
    "    \"\"\"The file run as a module (not as __main__: no training runs); its\n"
    "    folder first on the path, for the files it imports.\"\"\"\n"
    "    folder = os.path.dirname(os.path.abspath(path))\n"
    "    if folder not in sys.path:\n"
    "        sys.path.insert(0, folder)\n"
    "    spec = importlib.util.spec_from_file_location(name, path)\n"
    "    module = importlib.util.module_from_spec(spec)\n"
    "    try:\n"
    "        spec.loader.exec_module(module)\n"
    "    except Exception as e:  # noqa: BLE001 - code after the model may need data\n"
    "        if not lenient:\n"
    "            raise\n"
    "        module.nnc_import_error = e\n"
    "    return module\n"
    "\n"
    "\n"
    "def source_model():\n"
    "    \"\"\"The model nnc migrated, built as BUILDER says in the source's namespace.\"\"\"\n"
    "    module = load(source_path, \"nnc_verify_source\", True)\n"
    "    try:\n"
    "        return eval(BUILDER, vars(module))\n"
    "    except Exception as e:  # noqa: BLE001 - reported with what failed\n"
    "        before = getattr(module, \"nnc_import_error\", None)\n"
    "        fail(1, f\"cannot build the source model as '{BUILDER}' in {source_path}: \"\n"
    "                f\"{type(e).__name__}: {e}\" + (f\" (importing the file failed first: {before})\"\n"
    "                                             if before else \"\")\n"
    "                + \"; name the model with --class\")\n"
    "\n"
    "\n"
    "def perturb_torch(model, rng):\n"
    "    \"\"\"Norm statistics and affine weights far from their initial 0 and 1.\"\"\"\n"
    "    with torch.no_grad():\n"
    "        for m in model.modules():\n"
    "            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm) and m.running_mean is not None:\n"
    "                m.running_mean.copy_(torch.as_tensor(rng.normal(0, 0.3, m.num_features)))\n"
    "                m.running_var.copy_(torch.as_tensor(rng.uniform(0.5, 2.0, m.num_features)))\n"
    "            for name in (\"weight\", \"bias\"):\n"
    "                t = getattr(m, name, None)\n"
    "                if isinstance(m, (torch.nn.modules.batchnorm._BatchNorm, torch.nn.LayerNorm,\n"
    "                                  torch.nn.GroupNorm)) and isinstance(t, torch.Tensor):\n"
    "                    base = 1.0 if name == \"weight\" else 0.0\n"
    "                    t.copy_(torch.as_tensor(base + rng.normal(0, 0.2, tuple(t.shape))))\n"
    "\n"
    "\n"
    "def perturb_keras(model, rng):\n"
    "    \"\"\"Batch-norm statistics and scales far from their initial 0 and 1.\"\"\"\n"
    "    for layer in model._flatten_layers(include_self=False, recursive=True):\n"
    "        if isinstance(layer, keras.layers.BatchNormalization) and layer.weights:\n"
    "            ws = []\n"
    "            for w in layer.weights:\n"
    "                v = np.asarray(w)\n"
    "                low = \"variance\" in w.path or \"gamma\" in w.path\n"
    "                ws.append(rng.uniform(0.5, 1.5, v.shape) if low else rng.normal(0, 0.3, v.shape))\n"
    "            layer.set_weights(ws)\n"
    "\n"
    "\n"
    "def run(model, x, framework):\n"
    "    if framework == \"torch\":\n"
    "        with torch.no_grad():\n"
    "            out = model(torch.as_tensor(x))\n"
    "        return np.asarray(out.detach().cpu().numpy(), dtype=\"float64\")\n"
    "    return np.asarray(keras.ops.convert_to_numpy(model(x, training=False)), dtype=\"float64\")\n"
    "\n"
    "\n"
    "def norm(path):\n"
    "    return re.sub(r\"[^0-9A-Za-z_]\", \"_\", path)\n"
    "\n"
    "\n"
    "def source_of(path):\n"
    "    \"\"\"The source path of the generated layer at path: the pivot layer whose\n"
    "    name (after its sub-network's) ends the path.\"\"\"\n"
    "    p, best = norm(path), None\n"
    "    for key in LAYERS:\n"
    "        if (p == key or p.endswith(\"_\" + key)) and (best is None or len(key) > len(best)):\n"
    "            best = key\n"
    "    return LAYERS[best] if best is not None else None\n"
    "\n"
    "\n"
    "def learned(value, shape):\n"
    "    \"\"\"A learned tensor in the shape the generated model holds it.\"\"\"\n"
    "    sizes = [n for n in value.shape if n != 1]\n"
    "    if sizes != [n for n in shape if n != 1]:\n"
    "        value = np.moveaxis(value.reshape(sizes), 0, -1)\n"
    "    return value.reshape(shape)\n"
    "\n"
    "\n"
    "def torch_into_torch(model, state):\n"
    "    \"\"\"Every tensor of the generated model from the source's state_dict, by\n"
    "    the source path nnc recorded for its layer.\"\"\"\n"
    "    used = set()\n"
    "    for path, module in model.named_modules():\n"
    "        own = list(module.named_parameters(recurse=False)) + \\\n"
    "            list(module.named_buffers(recurse=False))\n"
    "        if not own:\n"
    "            continue\n"
    "        src = source_of(path) if path else None\n"
    "        for name, t in own:\n"
    "            tsrc = source_of(f\"{path}_{name}\" if path else name)\n"
    "            key = next((k for k in (f\"{src}.{name}\" if src else None, tsrc) if k in state), None)\n"
    "            if key is None:\n"
    "                fail(1, f\"the generated tensor {path}.{name} has no source tensor\")\n"
    "            used.add(key)\n"
    "            value = state[key].detach().cpu().numpy()\n"
    "            if tuple(value.shape) != tuple(t.shape):\n"
    "                value = learned(value, tuple(t.shape))\n"
    "            with torch.no_grad():\n"
    "                t.copy_(torch.as_tensor(value))\n"
    "    unused = sorted(k for k in state if k not in used and not k.endswith(\"num_batches_tracked\"))\n"
    "    if unused:\n"
    "        fail(1, \"source tensors with no place in the generated model: \" + \", \".join(unused))\n"
    "\n"
    "\n"
    "def keras_leaves(layer, path):\n"
    "    \"\"\"(path, layer) of every layer holding weights of its own.\"\"\"\n"
    "    for child in layer._flatten_layers(include_self=False, recursive=False):\n"
    "        cpath = f\"{path}_{child.name}\" if path else child.name\n"
    "        inner = child._flatten_layers(include_self=False, recursive=False)\n"
    "        if isinstance(child, (keras.layers.Bidirectional, keras.layers.RNN)) or not inner:\n"
    "            if child.weights:\n"
    "                yield cpath, child\n"
    "        else:\n"
    "            yield from keras_leaves(child, cpath)\n"
    "\n"
    "\n"
    "def keras_layer(model, path):\n"
    "    \"\"\"The source layer named by a weights_from path (\"block/dense\").\"\"\"\n"
    "    layer = model\n"
    "    for name in path.split(\"/\"):\n"
    "        found = [c for c in layer._flatten_layers(include_self=False, recursive=False)\n"
    "                 if c.name == name] or [getattr(layer, name, None)]\n"
    "        layer = found[0]\n"
    "        if layer is None:\n"
    "            return None\n"
    "    return layer\n"
    "\n"
    "\n"
    "def copy_layer(layer, got, path):\n"
    "    \"\"\"The source layer got's weights into the generated layer at path.\"\"\"\n"
    "    ws, mine = got.get_weights(), layer.get_weights()\n"
    "    if len(ws) != len(mine) or any(np.size(a) != np.size(b) for a, b in zip(ws, mine)):\n"
    "        fail(1, f\"the generated layer {path} does not hold the weights of {got.name}\")\n"
    "    layer.set_weights([np.reshape(a, np.shape(b)) for a, b in zip(ws, mine)])\n"
    "\n"
    "\n"
    "def same_sizes(a, b):\n"
    "    return [np.size(w) for w in a.get_weights()] == [np.size(w) for w in b.get_weights()]\n"
    "\n"
    "\n"
    "def keras_into_keras(model, source):\n"
    "    \"\"\"Every layer of the generated model from its source layer: the one nnc\n"
    "    recorded (a layer given name=), else the source layer with the same\n"
    "    path of names (Keras's own names), else, when every other layer is\n"
    "    placed, the remaining ones in the order the models hold them.  A wrong\n"
    "    pairing cannot pass: the outputs would differ.\"\"\"\n"
    "    theirs = list(keras_leaves(source, \"\"))\n"
    "    by_path = {norm(p): l for p, l in theirs}\n"
    "    used, left = set(), []\n"
    "    for path, layer in keras_leaves(model, \"\"):\n"
    "        src = source_of(path)\n"
    "        got = keras_layer(source, src) if src else by_path.get(norm(path))\n"
    "        if got is None or id(got) in used or not same_sizes(got, layer):\n"
    "            left.append((path, layer))\n"
    "            continue\n"
    "        copy_layer(layer, got, path)\n"
    "        used.add(id(got))\n"
    "    rest = [(p, l) for p, l in theirs if id(l) not in used]\n"
    "    if len(rest) != len(left):\n"
    "        fail(1, \"the generated layers \" + \", \".join(p for p, _ in left) + \" and the source \"\n"
    "                \"layers \" + \", \".join(p for p, _ in rest) + \" have no counterparts\")\n"
    "    for (path, layer), (_, got) in zip(left, rest):\n"
    "        copy_layer(layer, got, path)\n"
    "\n"
    "\n"
    "def main():\n"
    "    rng = np.random.default_rng(0)\n"
    "    if \"torch\" in (SOURCE, TARGET):\n"
    "        torch.manual_seed(0)\n"
    "    if SOURCE == TARGET == \"keras\":  # (it imports TensorFlow when it can: not for torch)\n"
    "        keras.utils.set_random_seed(0)\n"
    "    generated = load(generated_path, \"nnc_verify_generated\", False)\n"
    "    shape = getattr(generated, \"INPUT_SHAPE\", None)\n"
    "    if shape is None:\n"
    "        fail(1, \"the input shape is unknown: give it with --input-shape\")\n"
    "    shape = tuple(shape)\n"
    "    if VOCAB:\n"
    "        x = rng.integers(0, VOCAB, (SAMPLES,) + shape).astype(\"int64\")\n"
    "    else:\n"
    "        x = rng.normal(0, 1, (SAMPLES,) + shape).astype(\"float32\")\n"
    "    xs, moved = x, False  # the source's layout: channels last where the model's are first\n"
    "    if SOURCE_SHAPE is not None and tuple(SOURCE_SHAPE) != shape and len(shape) > 1:\n"
    "        if shape[1:] + shape[:1] != tuple(SOURCE_SHAPE):\n"
    "            fail(1, f\"the generated model takes {shape}, the source {tuple(SOURCE_SHAPE)}\")\n"
    "        xs, moved = np.ascontiguousarray(np.moveaxis(x, 1, -1)), True\n"
    "    source = source_model()\n"
    "    if SOURCE == \"torch\":\n"
    "        source.eval()\n"
    "        if weights_file:\n"
    "            source.load_state_dict(torch.load(weights_file, map_location=\"cpu\", weights_only=True))\n"
    "        else:\n"
    "            perturb_torch(source, rng)\n"
    "    else:\n"
    "        source(xs[:1], training=False)  # Keras makes the weights on the first call\n"
    "        if weights_file:\n"
    "            source.load_weights(weights_file)\n"
    "        else:\n"
    "            perturb_keras(source, rng)\n"
    "    model = getattr(generated, CLASS)()\n"
    "    if TARGET == \"torch\":\n"
    "        model.eval()\n"
    "    if SOURCE == \"torch\" and TARGET == \"keras\":\n"
    "        generated.load_torch_state_dict(model, source.state_dict())\n"
    "    elif SOURCE == \"torch\":\n"
    "        torch_into_torch(model, source.state_dict())\n"
    "    elif TARGET == \"keras\":\n"
    "        model(x[:1], training=False)\n"
    "        keras_into_keras(model, source)\n"
    "    else:\n"
    "        if not hasattr(generated, \"load_keras_weights\"):\n"
    "            fail(2, \"Keras -> PyTorch is not available yet: the generated module has no \"\n"
    "                    \"load_keras_weights\")\n"
    "        generated.load_keras_weights(model, generated.keras_layer_weights(source))\n"
    "    ref, out = run(source, xs, SOURCE), run(model, x, TARGET)\n"
    "    if moved and out.shape != ref.shape and out.ndim > 2:\n"
    "        out = np.moveaxis(out, 1, -1)  # channels first -> the source's channels last\n"
    "    if out.shape != ref.shape:\n"
    "        fail(1, f\"output '{OUTPUT}' has the shape {out.shape[1:]}, the source's \"\n"
    "                f\"{ref.shape[1:]}\")\n"
    "    diff = float(np.max(np.abs(out - ref))) if ref.size else 0.0\n"
    "    scale = max(1.0, float(np.max(np.abs(ref))) if ref.size else 0.0)\n"
    "    rel, ok = diff / scale, diff <= tolerance * scale\n"
    "    weights = f\"the weights in {weights_file}\" if weights_file else \"random source weights\"\n"
    "    if brief:\n"
    "        sys.stderr.write(f\"nnc: {label}: --verify: output '{OUTPUT}' \"\n"
    "                         f\"{'within' if ok else 'OUTSIDE'} tolerance: max abs diff {diff:.3g}, \"\n"
    "                         f\"max rel diff {rel:.3g}, tolerance {tolerance:g} ({SAMPLES} inputs, \"\n"
    "                         f\"{weights})\\n\")\n"
    "    else:\n"
    "        print(f\"nnc --verify: {label}: {SAMPLES} random inputs of shape {shape}, {weights}\")\n"
    "        print(f\"{'output':<16} {'max abs diff':>12} {'max rel diff':>12} {'inputs':>6} \"\n"
    "              f\"{'tolerance':>9}  verdict\")\n"
    "        print(f\"{OUTPUT:<16} {diff:>12.3g} {rel:>12.3g} {SAMPLES:>6} {tolerance:>9g}  \"\n"
    "              f\"{'ok' if ok else 'DIFFERS'}\")\n"
    "    if not ok:\n"
    "        fail(7, f\"output '{OUTPUT}' differs from the source's: max abs diff {diff:.3g}, \"\n"
    "                f\"max rel diff {rel:.3g} > tolerance {tolerance:g}\")\n"
    "\n"
    "\n"
    "try:\n"
    "    main()\n"
    "except Exception as e:  # noqa: BLE001 - a mapping or a model that failed: say which\n"
    "    fail(1, f\"{type(e).__name__}: {e}\")\n";

/* The head of the script: what it needs, for Python to run it alone. */
static void write_head(FILE *f)
{
    fprintf(f, "\"\"\"nnc --verify: does the generated model compute what its source computes?\n\n"
               "Both models get the same weights (the source's, random or loaded from\n"
               "--weights, copied into the generated model by the mapping nnc recorded)\n"
               "and the same random inputs; an output passes when its largest absolute\n"
               "difference is at most tolerance * max(1, max |source output|).\n"
               "\"\"\"\n\n"
               "import importlib, importlib.util, os, re, sys, warnings\n"
               "sys.dont_write_bytecode = True  # nothing left beside the files compared\n"
               "warnings.filterwarnings(\"ignore\")  # the frameworks' advice: not the verdict\n"
               "os.environ.setdefault(\"TF_CPP_MIN_LOG_LEVEL\", \"3\")\n\n");
}

/* One LAYERS row: the layer's pivot path (after its sub-network's name)
 * and the source path its weights come from. */
static void write_layer(struct nn_arena *a, FILE *f, const char *sub, const struct nn_elem *e)
{
    if (!e->weights_from || !e->name)
        return;
    const char *key = sub ? nn_arena_printf(a, "%s_%s", sub, e->name) : e->name;
    fprintf(f, "    %s: %s,\n", nn_py_str(a, key), nn_py_str(a, e->weights_from));
}

/* LAYERS: every learned layer of the model and its source path. */
static void write_layers(struct nn_model *m, FILE *f)
{
    fprintf(f, "# The generated layers (by pivot name) and the source layers their\n"
               "# weights come from.\n"
               "LAYERS = {\n");
    for (size_t i = 0; i < m->net.nlayers; i++)
        write_layer(&m->arena, f, NULL, &m->net.layers[i]);
    for (size_t s = 0; s < m->net.nsubnets; s++) {
        const struct nn_network *n = &m->net.subnets[s];
        for (size_t i = 0; i < n->nlayers; i++)
            write_layer(&m->arena, f, n->head.name, &n->layers[i]);
    }
    fprintf(f, "}\nLAYERS = {re.sub(r\"[^0-9A-Za-z_]\", \"_\", k): v for k, v in LAYERS.items()}\n\n");
}

/* The number of token ids when the model starts with an Embedding, else 0. */
static long long vocabulary(const struct nn_model *m)
{
    const struct nn_network *n = &m->net;
    if (!n->nmodules || n->modules[0].ref != NN_REF_LAYER || n->modules[0].index >= n->nlayers)
        return 0;
    const struct nn_elem *e = &n->layers[n->modules[0].index];
    return e->kind == NN_K_EMBEDDING ? nn_elem_int(e, NN_A_NUM_EMBEDDINGS) : 0;
}

/* The source's input shape as a Python tuple (the pivot's input_shape is
 * in the source's layout), or None when unknown. */
static const char *source_shape(struct nn_model *m)
{
    long long v[NN_SHAPE_MAX + 1];
    size_t n = nn_elem_ints(&m->net.head, NN_A_INPUT_SHAPE, v, NN_SHAPE_MAX + 1);
    return n && n <= NN_SHAPE_MAX ? nn_py_ints(&m->arena, v, n, 1) : "None";
}

void nn_verify_gen(struct nn_model *m, const struct nn_verify_spec *s, FILE *f)
{
    struct nn_arena *a = &m->arena;
    const struct nn_network *n = &m->net;
    write_head(f);
    fprintf(f, "SOURCE = %s  # the source's framework\n", nn_py_str(a, m->weights_source));
    fprintf(f, "TARGET = %s  # the generated module's\n", nn_py_str(a, s->framework));
    fprintf(f, "BUILDER = %s  # builds the source model in the source's namespace\n",
            nn_py_str(a, m->source_builder));
    fprintf(f, "CLASS = %s  # the generated model class\n", nn_py_str(a, s->cls));
    fprintf(f, "OUTPUT = %s  # the model's output: its last module\n",
            nn_py_str(a, n->nmodules ? n->modules[n->nmodules - 1].name : "output"));
    fprintf(f, "VOCAB = %lld  # token ids below it (an Embedding first), else 0: floats\n",
            vocabulary(m));
    fprintf(f, "SOURCE_SHAPE = %s  # one input of the source (batch excluded), or None\n",
            source_shape(m));
    fprintf(f, "SAMPLES = %d  # random inputs\n\n", s->samples);
    write_layers(m, f);
    fputs(body, f);
}
