/* spell.c - framework spelling tables and the renderer of their rows (see spell.h). */
#include "frameworks/spell.h"

#include <string.h>

#define NN_TORCH_ARG(k, at, key, pos, conv, def) \
    {NN_K_##k, NN_A_##at, key, pos, NN_CONV_##conv, def},
static const struct nn_spell_arg torch_args[] = {
#include "frameworks/torch_spell.def"
};
#define NN_TORCH_POOL(type, cls) {type, cls},
static const struct nn_spell_pool torch_pools[] = {
#include "frameworks/torch_spell.def"
};
#define NN_TORCH_ACT(name, module, fn, param) {name, module, fn, NN_ACTP_##param},
static const struct nn_spell_act torch_acts[] = {
#include "frameworks/torch_spell.def"
};

#define NN_KERAS_ARG(k, at, key, pos, conv, def) \
    {NN_K_##k, NN_A_##at, key, pos, NN_CONV_##conv, def},
static const struct nn_spell_arg keras_args[] = {
#include "frameworks/keras_spell.def"
};
#define NN_KERAS_POOL(type, cls) {type, cls},
static const struct nn_spell_pool keras_pools[] = {
#include "frameworks/keras_spell.def"
};
#define NN_KERAS_ACT(name, kname, param) {name, kname, NULL, NN_ACTP_##param},
static const struct nn_spell_act keras_acts[] = {
#include "frameworks/keras_spell.def"
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

const struct nn_spell nn_spell_torch = {
    .layer = {
#define NN_TORCH_LAYER(k, cls) [NN_K_##k] = cls,
#include "frameworks/torch_spell.def"
    },
    .act_arg = {0},
    .args = torch_args, .nargs = COUNT(torch_args),
    .pools = torch_pools, .npools = COUNT(torch_pools),
    .acts = torch_acts, .nacts = COUNT(torch_acts),
};

const struct nn_spell nn_spell_keras = {
    .layer = {
#define NN_KERAS_LAYER(k, cls, act) [NN_K_##k] = cls,
#include "frameworks/keras_spell.def"
    },
    .act_arg = {
#define NN_KERAS_LAYER(k, cls, act) [NN_K_##k] = act,
#include "frameworks/keras_spell.def"
    },
    .args = keras_args, .nargs = COUNT(keras_args),
    .pools = keras_pools, .npools = COUNT(keras_pools),
    .acts = keras_acts, .nacts = COUNT(keras_acts),
};

const char *nn_spell_class(struct nn_arena *a, const struct nn_spell *s,
                           const struct nn_elem *e, const char *prefix)
{
    const char *cls = s->layer[e->kind];
    if (e->kind == NN_K_POOLING) {
        const char *type = nn_elem_str(e, NN_A_POOLING_TYPE);
        for (size_t i = 0; i < s->npools; i++)
            if (strcmp(s->pools[i].type, type) == 0)
                cls = s->pools[i].cls;
    }
    if (!cls)
        NN_UNREACHABLE();
    char *out = nn_arena_printf(a, "%s%s", prefix, cls);
    char *hash = out ? strchr(out, '#') : NULL;
    if (hash)
        *hash = (char)('0' + nn_layer_rank(e));
    return out;
}

/* Items of a per-axis list, one item repeated to the layer's rank. */
static size_t axis_items(const struct nn_elem *e, enum nn_attr_id attr, long long *v)
{
    size_t n = nn_elem_ints(e, attr, v, 8);
    int r = nn_layer_rank(e);
    if (n == 1 && r > 1)
        for (n = 1; n < (size_t)r; n++)
            v[n] = v[0];
    return n;
}

/* -k..-1 for a list of k trailing axes. */
static const char *trailing_axes(struct nn_arena *a, const struct nn_elem *e,
                                 enum nn_attr_id attr)
{
    long long v[8], axes[8];
    size_t n = nn_elem_ints(e, attr, v, 8);
    for (size_t i = 0; i < n; i++)
        axes[i] = (long long)i - (long long)n;
    return n == 1 ? "-1" : nn_py_ints(a, axes, n, 1);
}

/* A list of numbers as a Python list: [0.5, 1.0]. */
static const char *float_list(struct nn_arena *a, const struct nn_elem *e, enum nn_attr_id attr)
{
    const struct nn_attr *at = nn_elem_attr(e, attr);
    const char *s = "[";
    for (size_t i = 0; at && at->v.type == NN_V_LIST && i < at->v.n; i++)
        s = nn_arena_printf(a, "%s%s%s", s, i ? ", " : "", nn_py_float(a, at->v.items[i].f));
    return nn_arena_printf(a, "%s]", s ? s : "");
}

const char *nn_spell_value(struct nn_arena *a, const struct nn_elem *e, enum nn_attr_id attr,
                           enum nn_conv conv)
{
    long long v[8];
    switch (conv) {
    case NN_CONV_INT: return nn_arena_printf(a, "%lld", nn_elem_int(e, attr));
    case NN_CONV_FLOAT: return nn_py_float(a, nn_elem_float(e, attr));
    case NN_CONV_BOOL: return nn_elem_bool(e, attr) ? "True" : "False";
    case NN_CONV_INTS: return nn_py_ints(a, v, nn_elem_ints(e, attr, v, 8), 0);
    case NN_CONV_TUPLE: {
        size_t n = axis_items(e, attr, v);
        return nn_py_ints(a, v, n, n > 1);
    }
    case NN_CONV_STR: return nn_py_str(a, nn_elem_str(e, attr));
    case NN_CONV_COMPLEMENT: return nn_py_float(a, 1.0 - nn_elem_float(e, attr));
    case NN_CONV_AXES: return trailing_axes(a, e, attr);
    case NN_CONV_FLOATS: return float_list(a, e, attr);
    default: NN_UNREACHABLE();
    }
}

/* Does the value equal the framework default ("1" for tuples: all ones)? */
static int is_default(const struct nn_spell_arg *r, const struct nn_elem *e, const char *text)
{
    if (!r->def)
        return 0;
    if (r->conv == NN_CONV_TUPLE && strcmp(r->def, "1") == 0) {
        long long v[8];
        size_t n = nn_elem_ints(e, r->attr, v, 8);
        for (size_t i = 0; i < n; i++)
            if (v[i] != 1)
                return 0;
        return 1;
    }
    return strcmp(text, r->def) == 0;
}

void nn_spell_args(struct nn_arena *a, const struct nn_spell *s, const struct nn_elem *e,
                   struct nn_py_call *c)
{
    for (size_t i = 0; i < s->nargs; i++) {
        const struct nn_spell_arg *r = &s->args[i];
        if (r->kind != e->kind)
            continue;
        const struct nn_field *f = nn_schema_field(e->kind, r->attr);
        if (!nn_elem_has(e, r->attr) && (!f || !f->def[0]))
            continue;
        const char *text = nn_spell_value(a, e, r->attr, r->conv);
        if (r->positional)
            nn_py_arg(a, c, NULL, text);
        else if (!is_default(r, e, text))
            nn_py_arg(a, c, r->key, text);
    }
}

const struct nn_spell_act *nn_spell_act(const struct nn_spell *s, const char *name)
{
    for (size_t i = 0; i < s->nacts; i++)
        if (strcmp(s->acts[i].name, name) == 0)
            return &s->acts[i];
    return NULL;
}

/* nnc's adaptive pooling for Keras (keras_gen.c writes it where a model
 * needs it); here, so that the Keras reader knows its own output. */
const char nn_keras_adaptive_pooling[] =
     "class AdaptivePooling(layers.Layer):\n"
     "    \"\"\"PyTorch's adaptive pooling of a channel-last tensor, axis by axis:\n"
     "    output cell i of an axis of n cells pooled to m pools the cells from\n"
     "    floor(i * n / m) up to ceil((i + 1) * n / m), windows that may overlap.\n"
     "    Max and mean over such a box can be taken one axis at a time.\"\"\"\n"
     "\n"
     "    def __init__(self, mode, output_size, **kwargs):\n"
     "        super().__init__(**kwargs)\n"
     "        self.mode = mode\n"
     "        self.output_size = tuple(output_size)\n"
     "\n"
     "    def call(self, x):\n"
     "        pool = ops.max if self.mode == \"max\" else ops.mean\n"
     "        for axis, m in enumerate(self.output_size, start=1):\n"
     "            n = x.shape[axis]\n"
     "            before = (slice(None),) * axis\n"
     "            cells = [pool(x[before + (slice(i * n // m, -(-(i + 1) * n // m)),)],\n"
     "                          axis=axis, keepdims=True) for i in range(m)]\n"
     "            x = ops.concatenate(cells, axis=axis)\n"
     "        return x\n"
     "\n"
     "    def get_config(self):\n"
     "        return {**super().get_config(), \"mode\": self.mode,\n"
     "                \"output_size\": self.output_size}\n";

/* nnc's RMS normalisation for Keras, which has RMSNormalization only from
 * 3.9 on: the same arguments, the same weight. */
const char nn_keras_rms_norm[] =
     "class RMSNorm(layers.Layer):\n"
     "    \"\"\"Root-mean-square normalisation over the trailing axes `axis`, as\n"
     "    keras.layers.RMSNormalization (Keras 3.9 and later) computes it:\n"
     "    x / sqrt(mean(x ** 2) + epsilon) * scale.\"\"\"\n"
     "\n"
     "    def __init__(self, axis=-1, epsilon=1e-06, **kwargs):\n"
     "        super().__init__(**kwargs)\n"
     "        self.axis = axis\n"
     "        self.epsilon = epsilon\n"
     "\n"
     "    def build(self, input_shape):\n"
     "        axes = self.axis if isinstance(self.axis, (list, tuple)) else [self.axis]\n"
     "        self.axes = tuple(sorted(a % len(input_shape) for a in axes))\n"
     "        self.scale = self.add_weight(name=\"scale\", initializer=\"ones\",\n"
     "                                     shape=tuple(input_shape[a] for a in self.axes))\n"
     "\n"
     "    def call(self, x):\n"
     "        mean_square = ops.mean(ops.square(x), axis=self.axes, keepdims=True)\n"
     "        return x * ops.rsqrt(mean_square + self.epsilon) * self.scale\n"
     "\n"
     "    def get_config(self):\n"
     "        return {**super().get_config(), \"axis\": self.axis, \"epsilon\": self.epsilon}\n";

/* spatial: nnc's linear interpolation for Keras (keras_gen.c writes it for
 * the linear modes: UpSampling2D's bilinear needs torchvision on Keras 3.0's
 * PyTorch backend and has no align_corners, UpSampling1D/3D no linear mode);
 * here, so that the Keras reader knows its own output. */
const char nn_keras_interpolate[] =
     "class LinearUpsampling(layers.Layer):\n"
     "    \"\"\"PyTorch's linear interpolation (linear, bilinear, trilinear) of a\n"
     "    channel-last tensor by integer scale factors, one spatial axis at a\n"
     "    time: output cell i of an axis of n cells scaled to m = n * s mixes\n"
     "    cells floor(x) and floor(x) + 1 (the last cell at the border) with\n"
     "    weight x - floor(x), at x = (i + 0.5) / s - 0.5 (no less than 0), or\n"
     "    x = i * (n - 1) / (m - 1) with align_corners.\"\"\"\n"
     "\n"
     "    def __init__(self, scale, align_corners, **kwargs):\n"
     "        super().__init__(**kwargs)\n"
     "        self.scale = tuple(scale)\n"
     "        self.align_corners = align_corners\n"
     "\n"
     "    def call(self, x):\n"
     "        for axis, s in enumerate(self.scale, start=1):\n"
     "            n = x.shape[axis]\n"
     "            m = n * s\n"
     "            low, high, weight = [], [], []\n"
     "            for i in range(m):\n"
     "                if self.align_corners:\n"
     "                    at = i * (n - 1) / (m - 1) if m > 1 else 0.0\n"
     "                else:\n"
     "                    at = max((i + 0.5) / s - 0.5, 0.0)\n"
     "                j = min(int(at), n - 1)\n"
     "                low.append(j)\n"
     "                high.append(min(j + 1, n - 1))\n"
     "                weight.append(at - j)\n"
     "            shape = [1] * len(x.shape)\n"
     "            shape[axis] = m\n"
     "            w = ops.reshape(ops.convert_to_tensor(weight, dtype=\"float32\"), shape)\n"
     "            x = ops.take(x, low, axis=axis) * (1.0 - w) + ops.take(x, high, axis=axis) * w\n"
     "        return x\n"
     "\n"
     "    def get_config(self):\n"
     "        return {**super().get_config(), \"scale\": self.scale,\n"
     "                \"align_corners\": self.align_corners}\n";
/* nnc's hard swish for Keras (hard_silu arrived after Keras 3.0). */
const char nn_keras_hard_swish[] =
     "def hard_swish(x):\n"
     "    \"\"\"PyTorch's Hardswish: x * relu6(x + 3) / 6.\"\"\"\n"
     "    return x * ops.relu6(x + 3.0) / 6.0\n";

/* PyTorch's GELU(approximate="tanh") as a Keras activation function. */
const char nn_keras_gelu_tanh[] =
     "def gelu_tanh(x):\n"
     "    \"\"\"GELU by its tanh approximation (PyTorch's approximate=\"tanh\").\"\"\"\n"
     "    return keras.activations.gelu(x, approximate=True)\n";

const char *nn_spell_keras_helper(const char *name)
{
    if (strcmp(name, "gelu_tanh") == 0)
        return nn_keras_gelu_tanh;
    if (strcmp(name, "hard_swish") == 0)
        return nn_keras_hard_swish;
    if (strcmp(name, "RMSNorm") == 0)
        return nn_keras_rms_norm;
    if (strcmp(name, "LinearUpsampling") == 0)
        return nn_keras_interpolate;
    if (strcmp(name, "LearnedTensor") == 0) /* param */
        return nn_keras_learned_tensor_helper;
    if (strcmp(name, "CeilPooling") == 0)
        return nn_keras_ceil_pooling;
    return strcmp(name, "AdaptivePooling") == 0 ? nn_keras_adaptive_pooling : NULL;
}

const char *nn_spell_torch_helper(const char *name)
{
    if (strcmp(name, "Standardize") == 0)
        return nn_torch_standardize;
    return strcmp(name, "partly_affine") == 0 ? nn_torch_partly_affine : NULL;
}

/* The part of a dotted name after its last dot ("nn.Linear": "Linear"). */
static const char *last_part(const char *s)
{
    const char *dot = strrchr(s, '.');
    return dot ? dot + 1 : s;
}

/* Does name spell the class cls ('#' = a rank from 1 to 3), module aside? */
static int spells(const char *name, const char *cls)
{
    const char *a = last_part(name), *b = last_part(cls);
    for (; *a && *b; a++, b++)
        if (*b == '#' ? *a < '1' || *a > '3' : *a != *b)
            return 0;
    return !*a && !*b && *cls;
}

/* The kind a framework's table spells as name, or -1. */
static int kind_in(const struct nn_spell *s, const char *name)
{
    for (int k = 0; k < NN_KIND_COUNT; k++)
        if (s->layer[k] && spells(name, s->layer[k]))
            return k;
    for (size_t i = 0; i < s->npools; i++)
        if (spells(name, s->pools[i].cls))
            return NN_K_POOLING;
    for (size_t i = 0; s == &nn_spell_torch && i < s->nacts; i++)
        if (s->acts[i].module && spells(name, s->acts[i].module))
            return NN_K_ACTIVATION;
    return -1;
}

int nn_spell_pivot_kind(const char *name)
{
    int k = kind_in(&nn_spell_torch, name);
    return k >= 0 ? k : kind_in(&nn_spell_keras, name);
}
