/* kweights_gen.c - weights: the function a PyTorch module generated from a
 * Keras source gets to take the source's trained weights.
 *
 * load_keras_weights(model, weights) has one line per learned layer: which
 * Keras layer's get_weights() list (named by the path the Keras reader
 * recorded, nn_elem.weights_from) goes into which PyTorch module, and how
 * the arrays change on the way (kernels transposed, gates reordered).  The
 * per-kind conversions are the keras_* helpers below, written only when
 * used; keras_layer_weights(keras_model) makes the mapping from a Keras
 * model object (after keras_model.load_weights(FILE) for a saved one).
 */
#include <string.h>

#include "m2t/gen_impl.h"
#include "m2t/kweights_gen.h"

struct kw {
    struct nn_gen *g;
    FILE *f;
};

/* A Python string literal of s. */
static const char *q(struct kw *w, const char *s)
{
    return nn_py_str(w->g->a, s);
}

/* The helper (and its arguments after the arrays, in *args) of a
 * normalisation layer e; NULL when it learns nothing; *known = 0 when nnc
 * cannot say how its Keras weights map. */
static const char *norm_call(struct kw *w, const struct nn_elem *e, const char **args, int *known)
{
    int affine = nn_elem_bool(e, NN_A_AFFINE);
    int scale = affine && (!nn_elem_has(e, NN_A_SCALE) || nn_elem_bool(e, NN_A_SCALE));
    int center = affine && (!nn_elem_has(e, NN_A_CENTER) || nn_elem_bool(e, NN_A_CENTER));
    if (e->kind == NN_K_RMS_NORM)
        center = 0, scale = 1;
    else if (e->kind == NN_K_LAYER_NORM)
        scale = center = 1;
    *args = nn_arena_printf(w->g->a, ", scale=%s, center=%s", scale ? "True" : "False",
                            center ? "True" : "False");
    if (e->kind == NN_K_BATCH_NORM)
        return "keras_batch_norm";
    if (e->kind == NN_K_LAYER_NORM || e->kind == NN_K_GROUP_NORM || e->kind == NN_K_RMS_NORM)
        return scale || center ? "keras_affine" : NULL;
    *args = "";
    if (e->kind == NN_K_STANDARDIZE) /* statistics given in the source: constants in the code */
        return nn_elem_has(e, NN_A_MEAN) ? NULL : "keras_standardize";
    *known = 0;
    return NULL;
}

/* The helper that loads learned layer e (its arguments after the arrays in
 * *args); NULL when e learns nothing; *known = 0 when nnc cannot say how
 * its Keras weights map. */
static const char *layer_call(struct kw *w, const struct nn_elem *e, const char **args, int *known)
{
    *known = 1;
    *args = "";
    switch (nn_kind_family(e->kind)) {
    case NN_FAM_DENSE:
        return "keras_dense";
    case NN_FAM_CONV:
    case NN_FAM_TCONV:
        return "keras_conv";
    case NN_FAM_EMBEDDING:
        return "keras_embedding";
    case NN_FAM_RNN:
        *args = nn_arena_printf(w->g->a, ", %s", q(w, nn_kind_name(e->kind)));
        return "keras_rnn";
    case NN_FAM_ATTENTION:
        return "keras_attention";
    case NN_FAM_PARAM:
        return "keras_tensor";
    case NN_FAM_NORM:
        return norm_call(w, e, args, known);
    default:
        return e->kind == NN_K_PRELU ? "keras_prelu" : NULL;
    }
}

/* The line that loads layer e, held by the PyTorch module expr. */
static void load_layer(struct kw *w, const struct nn_elem *e, const char *expr)
{
    const char *p = e->weights_from ? e->weights_from : e->name;
    const char *part = strchr(p, '#'), *slice = ""; /* a SeparableConv's half (kconv) */
    if (part) {
        slice = strcmp(part, "#depthwise") == 0 ? "[:1]" : "[1:]";
        p = nn_arena_strndup(w->g->a, p, (size_t)(part - p));
    }
    const char *args;
    int known;
    const char *fn = layer_call(w, e, &args, &known);
    if (!known)
        fprintf(w->f, "    raise NotImplementedError(%s)\n",
                q(w, nn_arena_printf(w->g->a, "%s: nnc cannot say how its Keras weights map",
                                     e->name)));
    else if (fn)
        fprintf(w->f, "    %s(%s, w(%s)%s%s)  # %s %s\n", fn, expr, q(w, p), slice, args,
                nn_kind_name(e->kind), p);
}

/* The learned layers of net, held by the module parent; seq: written as
 * an nn.Sequential's entries (their names are entered as sub-networks). */
static void load_net(struct kw *w, const struct nn_network *net, const char *parent, int seq)
{
    struct nn_flow fl;
    if (!nn_gen_flow(w->g, net, &fl))
        return;
    for (size_t i = 0; i < fl.n; i++) {
        const struct nn_flow_mod *fm = &fl.mods[i];
        if (fm->ref == NN_REF_LAYER && fm->first_use) {
            load_layer(w, fm->elem, nn_arena_printf(w->g->a, "%s.%s", parent,
                                                    nn_gen_attr(w->g, fm->elem->name)));
        } else if (fm->ref == NN_REF_SUBNET && fm->first_use) {
            struct nn_flow sf;
            if (!nn_gen_flow(w->g, fm->sub, &sf))
                return;
            const char *child = nn_arena_printf(w->g->a, "%s.%s", parent,
                                                nn_gen_attr(w->g, fm->sub->head.name));
            int enter = seq || !sf.chain; /* as torch_gen.c names them */
            if (enter && !nn_gen_enter(w->g, fm->sub))
                return;
            load_net(w, fm->sub, child, seq || sf.chain);
            if (enter)
                nn_gen_leave(w->g);
        }
    }
}

void nn_gen_torch_keras_loader(struct nn_gen *g, FILE *f)
{
    if (!g->m->weights_source || strcmp(g->m->weights_source, "keras") != 0 ||
        g->o->channels_first)
        return;
    struct kw w = {g, f};
    fprintf(f, "\n\ndef load_keras_weights(model, weights):\n"
               "    \"\"\"Load the source Keras model's weights into model (an instance of\n"
               "    the class above).  weights maps a Keras layer's path (its name; inside\n"
               "    nested models and layers, the enclosing names first, joined by \"/\")\n"
               "    to its list of numpy arrays, as layer.get_weights() gives them:\n"
               "    keras_layer_weights(keras_model) makes it.  Each keras_* call below\n"
               "    converts one layer (kernels transposed to PyTorch's order, recurrent\n"
               "    gates reordered, batch-norm statistics copied).  Every layer with\n"
               "    weights is used once; one this model has no place for is an error.\"\"\"\n"
               "    used = set()\n\n"
               "    def w(key):\n"
               "        arrays = weights[key]\n"
               "        if arrays is None:\n"
               "            raise KeyError(f\"{key}: several Keras layers have this path\")\n"
               "        used.add(id(arrays))\n"
               "        return [np.asarray(a) for a in arrays]\n\n");
    load_net(&w, &g->m->net, "model", g->seq);
    fprintf(f, "\n    unused = sorted({k for k, v in weights.items()\n"
               "                     if v is not None and len(v) and id(v) not in used})\n"
               "    if unused:\n"
               "        raise ValueError(\"Keras layers with no place in the model: \"\n"
               "                         + \", \".join(unused))\n");
}

const char nn_torch_keras_put[] =
    "def keras_put(module, **arrays):\n"
    "    \"\"\"Copy numpy arrays into the parameters or buffers of module named by\n"
    "    the keywords (\"out_proj.weight\": of a submodule), shapes checked.\"\"\"\n"
    "    with torch.no_grad():\n"
    "        for name, value in arrays.items():\n"
    "            target = module\n"
    "            for part in name.split(\".\"):\n"
    "                target = getattr(target, part)\n"
    "            value = torch.as_tensor(np.ascontiguousarray(value), dtype=target.dtype)\n"
    "            if tuple(value.shape) != tuple(target.shape):\n"
    "                raise ValueError(f\"{type(module).__name__}.{name}: the Keras weights have shape \"\n"
    "                                 f\"{tuple(value.shape)}, the module {tuple(target.shape)}\")\n"
    "            target.copy_(value)\n";

const char nn_torch_keras_dense[] =
    "def keras_dense(module, k):\n"
    "    \"\"\"Dense: kernel (in, out) transposed to Linear's weight (out, in); bias.\"\"\"\n"
    "    keras_put(module, weight=k[0].T, **({\"bias\": k[1]} if len(k) > 1 else {}))\n";

const char nn_torch_keras_embedding[] =
    "def keras_embedding(module, k):\n"
    "    \"\"\"Embedding: the same table.\"\"\"\n"
    "    keras_put(module, weight=k[0])\n";

const char nn_torch_keras_conv[] =
    "def keras_conv(module, k):\n"
    "    \"\"\"Convolution: Keras's kernel (*window, in / groups, out) as PyTorch's\n"
    "    (out, in / groups, *window); a DepthwiseConv's (*window, channels,\n"
    "    multiplier) is the grouped kernel (*window, 1, channels * multiplier);\n"
    "    a transposed convolution's (*window, out, in) becomes (in, out, *window)\n"
    "    by the same move.  Bias unchanged.\"\"\"\n"
    "    shape = module.weight.shape\n"
    "    kernel = k[0].reshape(tuple(k[0].shape[:-2]) + (shape[1], shape[0]))\n"
    "    n = kernel.ndim\n"
    "    keras_put(module, weight=np.transpose(kernel, (n - 1, n - 2) + tuple(range(n - 2))),\n"
    "              **({\"bias\": k[1]} if len(k) > 1 else {}))\n";

const char nn_torch_keras_batch_norm[] =
    "def keras_batch_norm(module, k, scale, center):\n"
    "    \"\"\"BatchNormalization: gamma (when scale), beta (when center), moving mean\n"
    "    and variance; a weight Keras does not learn keeps PyTorch's 1 or 0.\"\"\"\n"
    "    k = list(k)\n"
    "    arrays = {\"weight\": k.pop(0)} if scale else {}\n"
    "    if center:\n"
    "        arrays[\"bias\"] = k.pop(0)\n"
    "    keras_put(module, running_mean=k[0], running_var=k[1], **arrays)\n";

const char nn_torch_keras_affine[] =
    "def keras_affine(module, k, scale, center):\n"
    "    \"\"\"LayerNormalization, GroupNormalization, RMS normalization: gamma (when\n"
    "    scale) and beta (when center), in the module's shape.\"\"\"\n"
    "    k = list(k)\n"
    "    arrays = {\"weight\": k.pop(0).reshape(module.weight.shape)} if scale else {}\n"
    "    if center:\n"
    "        arrays[\"bias\"] = k.pop(0).reshape(module.bias.shape)\n"
    "    keras_put(module, **arrays)\n";

const char nn_torch_keras_prelu[] =
    "def keras_prelu(module, k):\n"
    "    \"\"\"PReLU: alpha (1, ..., channels) or all ones, as PyTorch's (channels,) or (1,).\"\"\"\n"
    "    keras_put(module, weight=k[0].reshape(module.weight.shape))\n";

const char nn_torch_keras_rnn[] =
    "def keras_rnn(module, k, kind):\n"
    "    \"\"\"A recurrent layer, direction by direction (Bidirectional: forward, then\n"
    "    backward): kernel and recurrent kernel transposed; LSTM (gates i, f, c, o:\n"
    "    PyTorch's i, f, g, o) and SimpleRNN: the bias as bias_ih, bias_hh zero;\n"
    "    GRU (reset_after): gates z, r, h reordered r, z, n, the bias rows\n"
    "    (input, recurrent) as bias_ih and bias_hh.\"\"\"\n"
    "    per = len(k) // (2 if module.bidirectional else 1)\n"
    "    for d, suffix in enumerate((\"\", \"_reverse\")[:len(k) // per]):\n"
    "        kernel, recurrent = k[d * per], k[d * per + 1]\n"
    "        bias = k[d * per + 2] if per > 2 else None\n"
    "        h = recurrent.shape[0]\n"
    "        arrays = {}\n"
    "        if kind == \"GRU\":\n"
    "            order = np.r_[h:2 * h, 0:h, 2 * h:3 * h]\n"
    "            kernel, recurrent = kernel[:, order], recurrent[:, order]\n"
    "            if bias is not None:\n"
    "                arrays = {\"bias_ih_l0\" + suffix: bias[0][order], \"bias_hh_l0\" + suffix: bias[1][order]}\n"
    "        elif bias is not None:\n"
    "            arrays = {\"bias_ih_l0\" + suffix: bias, \"bias_hh_l0\" + suffix: np.zeros_like(bias)}\n"
    "        keras_put(module, **{\"weight_ih_l0\" + suffix: kernel.T, \"weight_hh_l0\" + suffix: recurrent.T},\n"
    "                  **arrays)\n";

const char nn_torch_keras_standardize[] =
    "def keras_standardize(module, k):\n"
    "    \"\"\"Normalization: its mean and variance (the count is not used) as the\n"
    "    Standardize module's buffers.\"\"\"\n"
    "    keras_put(module, mean=k[0].reshape(module.mean.shape),\n"
    "              variance=k[1].reshape(module.variance.shape))\n";

const char nn_torch_keras_tensor[] =
    "def keras_tensor(param, k):\n"
    "    \"\"\"A custom layer's own weight (add_weight) as the learned tensor the\n"
    "    model holds: axes of 1 dropped or added, or, when the sizes differ in\n"
    "    order, the channel axis (the last of those left) moved first.\"\"\"\n"
    "    value = k[0]\n"
    "    sizes = [n for n in value.shape if n != 1]\n"
    "    if sizes != [n for n in param.shape if n != 1]:\n"
    "        value = np.moveaxis(value.reshape(sizes), -1, 0)\n"
    "    if value.size != param.numel():\n"
    "        raise ValueError(f\"the Keras weight has shape {k[0].shape}, the model's \"\n"
    "                         f\"tensor {tuple(param.shape)}\")\n"
    "    with torch.no_grad():\n"
    "        param.copy_(torch.as_tensor(np.ascontiguousarray(value).reshape(param.shape)))\n";

const char nn_torch_keras_attention[] =
    "def keras_attention(module, k):\n"
    "    \"\"\"MultiHeadAttention: query, key and value kernels (dim, heads, key_dim)\n"
    "    as the rows of in_proj_weight (or q/k/v_proj_weight), their biases\n"
    "    (heads, key_dim) as in_proj_bias; the output kernel (heads, key_dim,\n"
    "    dim) as out_proj.weight, its bias as out_proj.bias.\"\"\"\n"
    "    bias = len(k) == 8\n"
    "    kernels = [k[i].reshape(k[i].shape[0], -1).T for i in ((0, 2, 4) if bias else (0, 1, 2))]\n"
    "    out = k[6] if bias else k[3]\n"
    "    arrays = {\"out_proj.weight\": out.reshape(-1, out.shape[-1]).T}\n"
    "    if module.in_proj_weight is not None:\n"
    "        arrays[\"in_proj_weight\"] = np.concatenate(kernels)\n"
    "    else:\n"
    "        arrays.update(q_proj_weight=kernels[0], k_proj_weight=kernels[1], v_proj_weight=kernels[2])\n"
    "    if bias:\n"
    "        arrays[\"in_proj_bias\"] = np.concatenate([k[i].reshape(-1) for i in (1, 3, 5)])\n"
    "        arrays[\"out_proj.bias\"] = k[7]\n"
    "    keras_put(module, **arrays)\n";

const char nn_torch_keras_layer_weights[] =
    "def keras_layer_weights(keras_model):\n"
    "    \"\"\"The weights of a Keras model object as load_keras_weights takes them:\n"
    "    each layer's path -> layer.get_weights().  A layer is found by its\n"
    "    name, and, held by an attribute of a subclassed model or layer, by the\n"
    "    attribute's name too (item i of a list: ATTR_i; in a list in a list: by\n"
    "    its name only); inside nested models and layers, the enclosing names\n"
    "    (or none) first, joined by \"/\".  A path two layers share maps to None.\n"
    "    For a saved model, build the source model, call it once and call\n"
    "    keras_model.load_weights(FILE) first (.weights.h5 and .keras files name\n"
    "    the weights by Keras's own object paths, not by layer).\"\"\"\n"
    "    weights = {}\n"
    "\n"
    "    def is_layer(value):\n"
    "        return hasattr(value, \"get_weights\") and hasattr(value, \"trainable_weights\")\n"
    "\n"
    "    def children(layer):\n"
    "        if type(layer).__module__.startswith(\"keras.src.models\"):  # Sequential, Functional\n"
    "            return [(None, child) for child in layer.layers]\n"
    "        found = []\n"
    "        for attr, value in vars(layer).items():\n"
    "            if attr.startswith(\"_\"):\n"
    "                continue\n"
    "            if is_layer(value):\n"
    "                found.append((attr, value))\n"
    "            elif isinstance(value, (list, tuple)):  # item i also as ATTR_i\n"
    "                found += [(f\"{attr}_{i}\", v) for i, v in enumerate(value) if is_layer(v)]\n"
    "                found += [(None, v) for v in nested(value)]\n"
    "        return found\n"
    "\n"
    "    def nested(items):  # the layers in lists inside the list items\n"
    "        for item in items:\n"
    "            if isinstance(item, (list, tuple)):\n"
    "                for v in item:\n"
    "                    if is_layer(v):\n"
    "                        yield v\n"
    "                yield from nested(item)\n"
    "\n"
    "    def own_weights(layer, prefixes):  # a custom layer's add_weight: LAYER/ATTR, LAYER/NAME\n"
    "        for attr, value in vars(layer).items():\n"
    "            if hasattr(value, \"assign\") and hasattr(value, \"numpy\") and not attr.startswith(\"_\"):\n"
    "                arrays = [np.asarray(value.numpy())]\n"
    "                for path in {p + n for p in prefixes for n in (attr, value.name)}:\n"
    "                    weights[path] = None if path in weights else arrays\n"
    "\n"
    "    def walk(layer, prefixes, seen):\n"
    "        for attr, child in children(layer):\n"
    "            if id(child) in seen:\n"
    "                continue\n"
    "            seen.add(id(child))\n"
    "            names = {child.name} | ({attr} if attr else set())\n"
    "            paths = {p + n for p in prefixes for n in names}\n"
    "            if type(child).__module__.startswith(\"keras.src.layers\"):\n"
    "                arrays = child.get_weights()\n"
    "                if arrays:\n"
    "                    for path in paths:\n"
    "                        weights[path] = None if path in weights else arrays\n"
    "            else:\n"
    "                inner = {p + \"/\" for p in paths} | set(prefixes)\n"
    "                own_weights(child, inner)\n"
    "                walk(child, inner, seen)\n"
    "    own_weights(keras_model, {\"\"})\n"
    "    walk(keras_model, {\"\"}, set())\n"
    "    return weights\n";
