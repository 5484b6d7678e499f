/* weights_gen.c - weights: the function a Keras module generated from a
 * PyTorch source gets to take the source's trained weights.
 *
 * load_torch_state_dict(model, state_dict) has one line per learned layer:
 * which tensors of the source's state_dict (named by the parameter path the
 * PyTorch reader recorded, nn_elem.weights_from) go into which Keras layer,
 * and how they change on the way (kernels transposed, gates reordered,
 * biases summed).  The helpers it calls are written only when it uses them.
 */
#include <string.h>

#include "m2t/gen_impl.h"
#include "m2t/weights_gen.h"
#include "metamodel/inputs.h"

struct wg {
    struct nn_gen *g;
    FILE *f;
    size_t lines;     /* set_weights lines written */
};

/* A Python string literal of s. */
static const char *q(struct wg *w, const char *s)
{
    return nn_py_str(w->g->a, s);
}

/* The source tensor `key` of the layer whose source path is p: w("p.key"). */
static const char *src(struct wg *w, const char *p, const char *key)
{
    return nn_arena_printf(w->g->a, "w(%s)", q(w, nn_arena_printf(w->g->a, "%s.%s", p, key)));
}

/* The Keras layer called name inside the layer given by parent: an
 * attribute of a subclass, a named item of a keras.Sequential. */
static const char *child(struct wg *w, const char *parent, int seq, const char *name)
{
    const char *attr = nn_gen_attr(w->g, name);
    return seq ? nn_arena_printf(w->g->a, "%s.get_layer(%s)", parent, q(w, attr))
               : nn_arena_printf(w->g->a, "%s.%s", parent, attr);
}

/* The weights list of a layer whose own tensors are weight and bias (bias
 * only when has_bias); kernel: the expression for the weight. */
static const char *weight_bias(struct wg *w, const char *p, const char *kernel, int has_bias)
{
    return has_bias ? nn_arena_printf(w->g->a, "[%s, %s]", kernel, src(w, p, "bias"))
                    : nn_arena_printf(w->g->a, "[%s]", kernel);
}

/* A BatchNorm's Keras weights: gamma and beta when affine, then the
 * running statistics. */
static const char *batch_norm(struct wg *w, const struct nn_elem *e, const char *p)
{
    const char *s = "[";
    if (nn_elem_bool(e, NN_A_AFFINE)) {
        if (nn_elem_bool(e, NN_A_SCALE))
            s = nn_arena_printf(w->g->a, "%s%s, ", s, src(w, p, "weight"));
        if (nn_elem_bool(e, NN_A_CENTER))
            s = nn_arena_printf(w->g->a, "%s%s, ", s, src(w, p, "bias"));
    }
    return nn_arena_printf(w->g->a, "%s%s, %s]", s, src(w, p, "running_mean"),
                           src(w, p, "running_var"));
}

/* The learned tensor's shape as a Python tuple. */
static const char *param_shape(struct wg *w, const struct nn_elem *e)
{
    long long v[NN_SHAPE_MAX + 1];
    size_t n = nn_elem_ints(e, NN_A_TENSOR_SHAPE, v, NN_SHAPE_MAX + 1);
    return nn_py_ints(w->g->a, v, n, 1);
}

/* The weights expression of layer e (source path p), NULL when it has none;
 * *known = 0 when nnc cannot say where its weights come from. */
static const char *layer_weights(struct wg *w, const struct nn_elem *e, const char *p, int *known)
{
    struct nn_arena *a = w->g->a;
    *known = 1;
    switch (nn_kind_family(e->kind)) {
    case NN_FAM_DENSE:
        return weight_bias(w, p, nn_arena_printf(a, "%s.T", src(w, p, "weight")),
                           nn_elem_bool(e, NN_A_BIAS));
    case NN_FAM_CONV:
    case NN_FAM_TCONV:
        return weight_bias(w, p, nn_arena_printf(a, "torch_conv_kernel(%s)", src(w, p, "weight")),
                           nn_elem_bool(e, NN_A_BIAS));
    case NN_FAM_EMBEDDING:
        return nn_arena_printf(a, "[%s]", src(w, p, "weight"));
    case NN_FAM_RNN:
        return nn_arena_printf(a, "torch_rnn_weights(w, %s, %s, %lld, %s)", q(w, p),
                               q(w, nn_kind_name(e->kind)), nn_elem_int(e, NN_A_NUM_LAYERS),
                               nn_elem_bool(e, NN_A_BIDIRECTIONAL) ? "True" : "False");
    case NN_FAM_ATTENTION:
        return nn_arena_printf(a, "torch_attention_weights(w, %s, %lld, %s)", q(w, p),
                               nn_elem_int(e, NN_A_NUM_HEADS),
                               nn_elem_bool(e, NN_A_BIAS) ? "True" : "False");
    case NN_FAM_PARAM:
        return nn_arena_printf(a, "[torch_learned_tensor(w(%s), %s)]", q(w, p),
                               param_shape(w, e));
    case NN_FAM_NORM:
        break;
    default:
        return NULL;
    }
    if (e->kind == NN_K_BATCH_NORM)
        return batch_norm(w, e, p);
    if (e->kind == NN_K_LAYER_NORM)
        return weight_bias(w, p, src(w, p, "weight"), 1);
    if (e->kind == NN_K_GROUP_NORM)
        return nn_elem_bool(e, NN_A_AFFINE) ? weight_bias(w, p, src(w, p, "weight"), 1) : NULL;
    if (e->kind == NN_K_RMS_NORM)
        return weight_bias(w, p, src(w, p, "weight"), 0);
    *known = 0; /* Standardize: statistics PyTorch keeps in buffers nnc cannot name */
    return NULL;
}

/* The line that loads layer e, held by the Keras layer expr. */
static void load_layer(struct wg *w, const struct nn_elem *e, const char *expr)
{
    const char *p = e->weights_from ? e->weights_from : e->name;
    int known;
    const char *ws = layer_weights(w, e, p, &known);
    if (e->kind == NN_K_PRELU) /* (C,) or (1,): Keras's alpha is (1, ..., C) or all ones */
        ws = nn_arena_printf(w->g->a, "[np.reshape(%s, %s.weights[0].shape)]", src(w, p, "weight"),
                             expr);
    if (!known) {
        fprintf(w->f, "    raise NotImplementedError(%s)\n",
                q(w, nn_arena_printf(w->g->a, "%s: nnc cannot say which source tensors are "
                                     "its weights", e->name)));
        w->lines++;
    }
    if (!ws)
        return;
    fprintf(w->f, "    %s.set_weights(%s)  # %s %s\n", expr, ws, nn_kind_name(e->kind), p);
    w->lines++;
}

/* The lines of every learned layer of net, held by the layer parent (a
 * keras.Sequential when seq). */
static void load_net(struct wg *w, const struct nn_network *net, const char *parent, int seq)
{
    struct nn_flow fl;
    if (!nn_gen_flow(w->g, net, &fl))
        return;
    for (size_t i = 0; i < fl.n; i++) {
        const struct nn_flow_mod *fm = &fl.mods[i];
        if (fm->ref == NN_REF_LAYER && fm->first_use) {
            load_layer(w, fm->elem, child(w, parent, seq, fm->elem->name));
        } else if (fm->ref == NN_REF_SUBNET && fm->first_use) {
            struct nn_flow sf;
            if (!nn_gen_flow(w->g, fm->sub, &sf) || !nn_gen_enter(w->g, fm->sub))
                return;
            load_net(w, fm->sub, child(w, parent, seq, fm->sub->head.name),
                     w->g->seq || sf.chain);
            nn_gen_leave(w->g);
        }
    }
}

/* The build call when the model has not been called yet (INPUT_SHAPE
 * known, or INPUT_SHAPES for several inputs), else the error that says so. */
static void build_first(struct wg *w)
{
    if (nn_model_multi_input(w->g->m)) { /* each input of INPUT_SHAPES, in order */
        fprintf(w->f, "    if not model.built:  # Keras makes the weights on the first call\n"
                      "        model([np.zeros((1,) + shape, dtype=\"float32\")\n"
                      "               for shape in INPUT_SHAPES.values()])\n");
        return;
    }
    if (!w->g->input_shape) {
        fprintf(w->f, "    if not model.built:\n"
                      "        raise ValueError(\"call the model once on an input first: Keras \"\n"
                      "                         \"makes its weights when it first runs\")\n");
        return;
    }
    const struct nn_network *net = &w->g->m->net;
    int ids = net->nmodules && net->nlayers &&
              nn_net_elem_named((struct nn_network *)net, net->modules[0].name) &&
              nn_net_elem_named((struct nn_network *)net, net->modules[0].name)->kind ==
                  NN_K_EMBEDDING;
    fprintf(w->f, "    if not model.built:  # Keras makes the weights on the first call\n"
                  "        model(np.zeros((1,) + INPUT_SHAPE, dtype=%s))\n",
            ids ? "\"int64\"" : "\"float32\"");
}

void nn_gen_keras_torch_loader(struct nn_gen *g, FILE *f)
{
    if (!g->m->weights_source || strcmp(g->m->weights_source, "torch") != 0)
        return;
    struct wg w = {g, f, 0};
    fprintf(f, "\n\ndef load_torch_state_dict(model, state_dict):\n"
               "    \"\"\"Load the source PyTorch model's weights into model (an instance\n"
               "    of the class above): state_dict maps the source's parameter names to\n"
               "    tensors or numpy arrays (model.state_dict(), or what torch.load\n"
               "    returns for a saved one).  Every tensor is used once; a name this\n"
               "    model has no place for is an error.\"\"\"\n");
    build_first(&w);
    fprintf(f, "    used = set()\n\n"
               "    def w(key):\n"
               "        used.add(key)\n"
               "        return torch_array(state_dict[key])\n\n");
    load_net(&w, &g->m->net, "model", g->seq);
    fprintf(f, "%s    unused = sorted(k for k in state_dict if k not in used and\n"
               "                    not k.endswith(\"num_batches_tracked\"))\n"
               "    if unused:\n"
               "        raise ValueError(\"state_dict entries with no place in the model: \"\n"
               "                         + \", \".join(unused))\n", w.lines ? "\n" : "");
}

const char nn_keras_torch_array[] =
    "def torch_array(value):\n"
    "    \"\"\"A state_dict entry as a numpy array: a PyTorch tensor is detached\n"
    "    and copied to the CPU (torch is needed only when the entries are tensors).\"\"\"\n"
    "    if hasattr(value, \"detach\"):\n"
    "        value = value.detach().cpu().numpy()\n"
    "    return np.asarray(value)\n";

const char nn_keras_torch_conv_kernel[] =
    "def torch_conv_kernel(weight):\n"
    "    \"\"\"A PyTorch convolution kernel (out, in / groups, *window) as Keras's\n"
    "    (*window, in / groups, out); a transposed convolution's (in, out / groups,\n"
    "    *window) becomes (*window, out / groups, in) by the same move.\"\"\"\n"
    "    return np.transpose(weight, tuple(range(2, weight.ndim)) + (1, 0))\n";

const char nn_keras_torch_rnn_weights[] =
    "def torch_rnn_weights(w, path, kind, num_layers, bidirectional):\n"
    "    \"\"\"The Keras weights of a PyTorch recurrent layer, layer by layer and\n"
    "    direction by direction (forward, then reverse): kernel and recurrent\n"
    "    kernel transposed; LSTM (gates i, f, g, o in both) and SimpleRNN: the two\n"
    "    biases summed; GRU: gates r, z, n reordered z, r, n, the biases kept as\n"
    "    the rows (input, recurrent) of Keras's reset_after bias.\"\"\"\n"
    "    weights = []\n"
    "    for layer in range(num_layers):\n"
    "        for suffix in (\"\", \"_reverse\") if bidirectional else (\"\",):\n"
    "            w_ih, w_hh, b_ih, b_hh = (w(f\"{path}.{name}_l{layer}{suffix}\") for name in\n"
    "                                      (\"weight_ih\", \"weight_hh\", \"bias_ih\", \"bias_hh\"))\n"
    "            if kind == \"GRU\":\n"
    "                h = w_hh.shape[1]\n"
    "                order = np.r_[h:2 * h, 0:h, 2 * h:3 * h]\n"
    "                weights += [w_ih[order].T, w_hh[order].T, np.stack([b_ih[order], b_hh[order]])]\n"
    "            else:\n"
    "                weights += [w_ih.T, w_hh.T, b_ih + b_hh]\n"
    "    return weights\n";

const char nn_keras_torch_attention_weights[] =
    "def torch_attention_weights(w, path, num_heads, bias):\n"
    "    \"\"\"The Keras MultiHeadAttention weights of a PyTorch nn.MultiheadAttention:\n"
    "    the packed in_proj split into query, key and value, each (embed, heads,\n"
    "    embed / heads), then out_proj as (heads, embed / heads, embed).\"\"\"\n"
    "    w_in = w(f\"{path}.in_proj_weight\")\n"
    "    e = w_in.shape[1]\n"
    "    d = e // num_heads\n"
    "    weights = []\n"
    "    for k in range(3):\n"
    "        weights.append(w_in[k * e:(k + 1) * e].T.reshape(e, num_heads, d))\n"
    "        if bias:\n"
    "            weights.append(w(f\"{path}.in_proj_bias\")[k * e:(k + 1) * e].reshape(num_heads, d))\n"
    "    weights.append(w(f\"{path}.out_proj.weight\").T.reshape(num_heads, d, e))\n"
    "    if bias:\n"
    "        weights.append(w(f\"{path}.out_proj.bias\"))\n"
    "    return weights\n";

const char nn_keras_torch_learned_tensor[] =
    "def torch_learned_tensor(value, shape):\n"
    "    \"\"\"A PyTorch learned tensor in the layout the model holds it (channels\n"
    "    last, batch excluded): axes of 1 dropped or added, or, when the sizes\n"
    "    differ in order, the channel axis (the first of those left) moved last.\"\"\"\n"
    "    sizes = [n for n in value.shape if n != 1]\n"
    "    if sizes != [n for n in shape if n != 1]:\n"
    "        value = np.moveaxis(value.reshape(sizes), 0, -1)\n"
    "    return value.reshape(shape)\n";
