/* keras_gen.c - the Keras generators: tf-seq (keras.Sequential) and tf-sub.
 *
 * Keras is channel-last like the pivot, so no layout moves are needed;
 * what is special is that recurrent layers stack and wrap (num_layers,
 * Bidirectional), that some activations need a layer or a parameter the
 * activation= argument cannot carry, and that explicit padding is a layer
 * of its own.  Both styles share the layer expressions; they differ only in
 * where they put them: a list, or attributes plus call().
 */
#include <stdlib.h>
#include <string.h>

#include "m2t/param_gen.h"
#include "m2t/gen_impl.h"
#include "frameworks/spell.h"
#include "m2t/keras_pool.h"
#include "m2t/inputs_gen.h"
#include "m2t/prelu_gen.h"
#include "m2t/tensor_gen.h"
#include "m2t/weights_gen.h"
#include "m2t/block_class.h"
#include "metamodel/tconv.h"

struct kg {
    struct nn_gen *g;
    char *sub_done;     /* classes of non-chain sub-networks already written */
    FILE *defs;
    struct nn_block_classes *bc; /* the sub-networks' classes, one per block (or NULL) */
};

/* One layer as Keras builds it: an optional padding layer, the layer, and
 * the activation to apply after it when activation= cannot carry it. */
struct klayer {
    const char *pad;          /* padding layer expression, or NULL */
    const char *layer;        /* the layer expression, or NULL (standalone activation) */
    const char *crop;         /* cropping layer expression after it, or NULL */
    int act_after;            /* apply the activation separately */
};

static const char *kname(struct kg *k, const char *name)
{
    return nn_arena_printf(k->g->a, "name=%s", nn_py_str(k->g->a, name));
}

/* The decorator registering a class or function of the model for Keras's
 * saving (keras.models.load_model finds it by this name).  Its package, the
 * source file's name up to its first dot (else the model's name), keeps
 * apart the classes of models migrated from different files. */
static const char *registration(const struct nn_gen *g)
{
    const char *src = g->o->source_name ? g->o->source_name : "";
    const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
    size_t n = strcspn(base, ".");
    const char *pkg = n ? nn_arena_strndup(g->a, base, n) : g->m->net.head.name;
    return nn_arena_printf(g->a, "@keras.saving.register_keras_serializable(package=%s)\n",
                           nn_py_str(g->a, pkg ? pkg : ""));
}

/* A helper a saved model names is registered: every helper layer, and
 * nnc's own activation functions, which layers hold by reference. */
const char *nn_keras_above_helper(const struct nn_gen *g, const struct nn_gen_helper *h)
{
    int saved = strncmp(h->text, "class ", 6) == 0 ||
                (strncmp(h->text, "def ", 4) == 0 && nn_spell_keras_helper(h->name));
    return saved ? registration(g) : NULL;
}

/* ---- activations ---- */

/* Can activation= on the layer express the activation? */
static int act_as_arg(const struct nn_elem *e)
{
    int quoted;
    const char *name = nn_gen_activation(e, &quoted);
    if (quoted)
        return 1;
    const struct nn_spell_act *a = nn_spell_act(&nn_spell_keras, name);
    if (!a)
        return 1; /* None */
    return a->param == NN_ACTP_NONE || a->param == NN_ACTP_HELPER ||
           (a->param == NN_ACTP_AXIS && nn_elem_int(e, NN_A_ACTV_DIM) == -1) ||
           (a->param == NN_ACTP_ALPHA && nn_elem_float(e, NN_A_ALPHA) == 1.0); /* PReLU */
}

/* The activation= value, or NULL when the layer has none (or linear). */
static const char *act_value(struct kg *k, const struct nn_elem *e)
{
    int quoted;
    const char *name = nn_gen_activation(e, &quoted);
    if (quoted)
        return nn_arena_printf(k->g->a, "resolve_activation(%s)", nn_py_str(k->g->a, name));
    const struct nn_spell_act *a = nn_spell_act(&nn_spell_keras, name);
    if (!a || strcmp(a->module, "linear") == 0)
        return NULL;
    return a->param == NN_ACTP_HELPER ? a->module : nn_py_str(k->g->a, a->module);
}

/* The activation applied to expression x (call() style). */
static const char *act_call(struct kg *k, const struct nn_elem *e, const char *x)
{
    int quoted;
    const char *name = nn_gen_activation(e, &quoted);
    struct nn_arena *a = k->g->a;
    if (quoted)
        return nn_arena_printf(a, "resolve_activation(%s)(%s)", nn_py_str(a, name), x);
    const struct nn_spell_act *act = nn_spell_act(&nn_spell_keras, name);
    if (!act || strcmp(act->module, "linear") == 0)
        return x;
    if (act->param == NN_ACTP_SLOPE)
        return nn_arena_printf(a, "keras.activations.%s(%s, negative_slope=%s)", act->module, x,
                               nn_py_float(a, nn_elem_float(e, NN_A_NEGATIVE_SLOPE)));
    if (act->param == NN_ACTP_AXIS && nn_elem_int(e, NN_A_ACTV_DIM) != -1)
        return nn_arena_printf(a, "keras.activations.%s(%s, axis=%lld)", act->module, x,
                               nn_elem_int(e, NN_A_ACTV_DIM));
    if (act->param == NN_ACTP_HELPER)
        return nn_arena_printf(a, "%s(%s)", act->module, x);
    if (act->param == NN_ACTP_ALPHA && nn_elem_float(e, NN_A_ALPHA) != 1.0) /* PReLU */
        return nn_arena_printf(a, "keras.activations.%s(%s, alpha=%s)", act->module, x,
                               nn_py_float(a, nn_elem_float(e, NN_A_ALPHA)));
    return nn_arena_printf(a, "keras.activations.%s(%s)", act->module, x);
}

/* The activation as a layer (Sequential style), or NULL when there is none. */
static const char *act_layer(struct kg *k, const struct nn_elem *e, const char *name)
{
    int quoted;
    const char *act = nn_gen_activation(e, &quoted);
    struct nn_arena *a = k->g->a;
    const struct nn_spell_act *row = quoted ? NULL : nn_spell_act(&nn_spell_keras, act);
    if (!quoted && (!row || strcmp(row->module, "linear") == 0))
        return NULL;
    if (row && row->param == NN_ACTP_SLOPE)
        return nn_arena_printf(a, "layers.LeakyReLU(negative_slope=%s, %s)",
                               nn_py_float(a, nn_elem_float(e, NN_A_NEGATIVE_SLOPE)),
                               kname(k, name));
    if (row && row->param == NN_ACTP_ALPHA && nn_elem_float(e, NN_A_ALPHA) != 1.0) /* PReLU */
        return nn_arena_printf(a, "layers.ELU(alpha=%s, %s)",
                               nn_py_float(a, nn_elem_float(e, NN_A_ALPHA)), kname(k, name));
    if (row && row->param == NN_ACTP_AXIS && nn_elem_int(e, NN_A_ACTV_DIM) != -1) {
        if (strcmp(act, "softmax") != 0) {
            nn_gen_error(k->g, e->loc, "%s: Keras has no layer for %s over axis %lld; use "
                         "--target tf-sub", e->name, act, nn_elem_int(e, NN_A_ACTV_DIM));
            return NULL;
        }
        return nn_arena_printf(a, "layers.Softmax(axis=%lld, %s)", nn_elem_int(e, NN_A_ACTV_DIM),
                               kname(k, name));
    }
    return nn_arena_printf(a, "layers.Activation(%s, %s)", act_value(k, e), kname(k, name));
}

/* ---- layers ---- */

static int is_rnn(const struct nn_elem *e)
{
    return nn_kind_is_rnn(e->kind);
}

/* One recurrent layer of a stack. */
static const char *rnn_one(struct kg *k, const struct nn_elem *e, int sequences,
                           const char *name)
{
    struct nn_py_call c;
    nn_py_call_init(&c, nn_spell_class(k->g->a, &nn_spell_keras, e, "layers."));
    nn_spell_args(k->g->a, &nn_spell_keras, e, &c);
    if (sequences)
        nn_py_arg(k->g->a, &c, "return_sequences", "True");
    if (e->kind == NN_K_GRU)
        nn_py_arg(k->g->a, &c, "reset_after", "True");
    int bidir = nn_elem_bool(e, NN_A_BIDIRECTIONAL);
    if (name && !bidir)
        nn_py_arg(k->g->a, &c, NULL, kname(k, name));
    const char *text = nn_py_call_text(k->g->a, &c);
    if (!bidir)
        return text;
    return nn_arena_printf(k->g->a, "layers.Bidirectional(%s%s%s)", text, name ? ", " : "",
                           name ? kname(k, name) : "");
}

/* A recurrent layer: one Keras layer, or a Sequential stack of num_layers
 * with the dropout between them. */
static const char *rnn_layer(struct kg *k, const struct nn_elem *e, const char *name)
{
    long long n = nn_elem_int(e, NN_A_NUM_LAYERS);
    int full = strcmp(nn_elem_str(e, NN_A_RETURN_TYPE), "full") == 0;
    if (n <= 1)
        return rnn_one(k, e, full, name);
    double drop = nn_elem_float(e, NN_A_DROPOUT);
    const char *items = "";
    for (long long i = 1; i <= n; i++) {
        const char *sub = nn_arena_printf(k->g->a, "%s_%lld", name, i);
        items = nn_arena_printf(k->g->a, "%s%s%s", items, i > 1 ? ", " : "",
                                rnn_one(k, e, i < n || full, sub));
        if (i < n && drop > 0)
            items = nn_arena_printf(k->g->a, "%s, layers.Dropout(%s)", items,
                                    nn_py_float(k->g->a, drop));
    }
    return nn_arena_printf(k->g->a, "keras.Sequential([%s], %s)", items, kname(k, name));
}

/* Explicit padding_amount: zeros, or -inf before max pooling. */
static const char *pad_layer(struct kg *k, const struct nn_elem *e, const char *name)
{
    long long p = nn_elem_int(e, NN_A_PADDING_AMOUNT), dims[NN_SHAPE_MAX];
    size_t nd = nn_elem_ints(e, NN_A_PADDING_DIM, dims, NN_SHAPE_MAX); /* tpool: per axis */
    if ((p == 0 && nd == 0) || strcmp(nn_elem_str(e, NN_A_PADDING_TYPE), "same") == 0)
        return NULL;
    int r = nn_layer_rank(e);
    const char *pname = kname(k, nn_arena_printf(k->g->a, "%s_pad", name));
    if (nd)
        return nn_arena_printf(k->g->a, "layers.ZeroPadding%dD(%s, %s)", r,
                               nn_py_ints(k->g->a, dims, nd, nd > 1), pname);
    if (e->kind == NN_K_POOLING && strcmp(nn_elem_str(e, NN_A_POOLING_TYPE), "max") == 0)
        return nn_arena_printf(k->g->a, "ConstantPadding(%lld, %d, float(\"-inf\"), %s)", p, r,
                               pname);
    return nn_arena_printf(k->g->a, "layers.ZeroPadding%dD(%lld, %s)", r, p, pname);
}

/* A Flatten over other axes than all: a Reshape to the inferred shape. */
static const char *flatten_layer(struct kg *k, const struct nn_gen *g,
                                 const struct nn_network *net, size_t i, const struct nn_elem *e,
                                 const char *name)
{
    if (nn_elem_int(e, NN_A_START_DIM) == 1 && nn_elem_int(e, NN_A_END_DIM) == -1)
        return nn_arena_printf(k->g->a, "layers.Flatten(%s)", kname(k, name));
    const struct nn_shape *s = nn_gen_out_shape(g, net, i);
    if (!s) {
        nn_gen_error(k->g, e->loc, "%s: a partial Flatten needs the input shape in Keras",
                     e->name);
        return NULL;
    }
    return nn_arena_printf(k->g->a, "layers.Reshape(%s, %s)",
                           nn_py_ints(k->g->a, s->d, (size_t)s->rank, 1), kname(k, name));
}

/* The output size of adaptive pooling e on each of its r axes. */
static void adaptive_sizes(const struct nn_elem *e, int r, long long *out)
{
    long long v[NN_SHAPE_MAX];
    size_t n = nn_elem_ints(e, NN_A_OUTPUT_DIM, v, NN_SHAPE_MAX);
    for (int d = 0; d < r; d++)
        out[d] = n == 0 ? 1 : v[(size_t)d < n ? (size_t)d : n - 1];
}

/* Adaptive pooling with what every Keras 3 release has (Keras's own
 * adaptive pooling layers arrived in 3.13, and AdaptiveMaxPooling1D kills
 * the process with SIGFPE on some processors): to size 1 it is global
 * pooling that keeps the axes; otherwise the AdaptivePooling helper
 * computes PyTorch's windows from the size of each input it is given
 * (plain pooling would be right for the declared input size only). */
static const char *adaptive_pool(struct kg *k, const struct nn_elem *e, const char *name)
{
    struct nn_arena *a = k->g->a;
    int r = nn_layer_rank(e);
    int max = strcmp(nn_elem_str(e, NN_A_POOLING_TYPE), "adaptive_max") == 0;
    long long out[NN_SHAPE_MAX];
    adaptive_sizes(e, r, out);
    int ones = 1;
    for (int d = 0; d < r; d++)
        ones &= out[d] == 1;
    if (ones)
        return nn_arena_printf(a, "layers.Global%sPooling%dD(keepdims=True, %s)",
                               max ? "Max" : "Average", r, kname(k, name));
    return nn_arena_printf(a, "AdaptivePooling(\"%s\", %s, %s)", max ? "max" : "average",
                           nn_py_ints(a, out, (size_t)r, 1), kname(k, name));
}

/* Multi-head attention: key_dim is embed_dim / num_heads (shape inference
 * fills embed_dim); keras.Sequential holds it as the SelfAttentionLayer
 * helper, which applies it to one sequence. */
static const char *attention_layer(struct kg *k, const struct nn_elem *e, const char *name)
{
    if (!nn_elem_has(e, NN_A_EMBED_DIM)) {
        nn_gen_error(k->g, e->loc, "%s: Keras needs embed_dim (or the input shape) to write "
                     "key_dim", e->name);
        return NULL;
    }
    struct nn_py_call c;
    nn_py_call_init(&c, k->g->seq ? "SelfAttentionLayer" : "layers.MultiHeadAttention");
    nn_spell_args(k->g->a, &nn_spell_keras, e, &c);
    nn_py_arg(k->g->a, &c, "key_dim", nn_arena_printf(k->g->a, "%lld",
              nn_elem_int(e, NN_A_EMBED_DIM) / nn_elem_int(e, NN_A_NUM_HEADS)));
    if (k->g->seq && nn_elem_bool(e, NN_A_IS_CAUSAL))
        nn_py_arg(k->g->a, &c, "causal", "True");
    nn_py_arg(k->g->a, &c, NULL, kname(k, name));
    return nn_py_call_text(k->g->a, &c);
}

/* The call of attention module i: query, then value (the key is the value). */
static const char *attention_call(struct kg *k, const struct nn_network *net,
                                  const struct nn_flow *fl, size_t i, const char *q)
{
    const struct nn_elem *e = fl->mods[i].elem;
    const char *kv = fl->mods[i].nargs > 1 ? nn_gen_arg_var(k->g, net, fl, &fl->mods[i].args[1]) : q;
    return nn_arena_printf(k->g->a, "self.%s(%s, %s%s)", nn_gen_attr(k->g, e->name), q, kv,
                           nn_elem_bool(e, NN_A_IS_CAUSAL) ? ", use_causal_mask=True" : "");
}

/* The Cropping layer that cuts before[a] and after[a] cells, or NULL when
 * it cuts none. */
static const char *crop_layer(struct kg *k, int r, const long long *before,
                              const long long *after, const char *name)
{
    struct nn_arena *a = k->g->a;
    const char *pairs = NULL;
    int any = 0;
    for (int i = 0; i < r; i++) {
        long long v[2] = {before[i], after[i]};
        const char *pair = nn_py_ints(a, v, 2, 1);
        pairs = pairs ? nn_arena_printf(a, "%s, %s", pairs, pair) : pair;
        any |= before[i] || after[i];
    }
    if (!any)
        return NULL;
    return nn_arena_printf(a, "layers.Cropping%dD(%s%s%s, %s)", r, r > 1 ? "(" : "", pairs,
                           r > 1 ? ")" : "", kname(k, name));
}

/* Padding: ZeroPadding for the positive amounts, then Cropping for the
 * negative ones (each side has one or the other: they commute). */
static void padding_layers(struct kg *k, const struct nn_elem *e, struct klayer *l,
                           const char *name)
{
    struct nn_arena *a = k->g->a;
    long long v[6], pb[3], pa[3], cb[3], ca[3];
    int r = nn_layer_rank(e), any = 0;
    nn_elem_ints(e, NN_A_PAD_AMOUNT, v, 6);
    for (int i = 0; i < r; i++) {
        pb[i] = v[2 * i] > 0 ? v[2 * i] : 0;
        pa[i] = v[2 * i + 1] > 0 ? v[2 * i + 1] : 0;
        cb[i] = v[2 * i] < 0 ? -v[2 * i] : 0;
        ca[i] = v[2 * i + 1] < 0 ? -v[2 * i + 1] : 0;
        any |= pb[i] || pa[i];
    }
    const char *pairs = NULL;
    for (int i = 0; any && i < r; i++) {
        long long p[2] = {pb[i], pa[i]};
        const char *pair = nn_py_ints(a, p, 2, 1);
        pairs = pairs ? nn_arena_printf(a, "%s, %s", pairs, pair) : pair;
    }
    if (any)
        l->layer = nn_arena_printf(a, "layers.ZeroPadding%dD(%s%s%s, %s)", r, r > 1 ? "(" : "",
                                   pairs, r > 1 ? ")" : "", kname(k, name));
    if (any)
        l->crop = crop_layer(k, r, cb, ca, nn_arena_printf(a, "%s_crop", name));
    else
        l->layer = crop_layer(k, r, cb, ca, name);
    l->act_after = 1;
}

/* A linear interpolation: nnc's LinearUpsampling helper (nearest is UpSampling). */
static const char *interpolate(struct kg *k, const struct nn_elem *e, const char *name)
{
    struct nn_arena *a = k->g->a;
    long long v[8];
    size_t n = nn_elem_ints(e, NN_A_INTERPOLATE_SCALE, v, 8);
    for (int r = nn_layer_rank(e); n == 1 && (int)n < r; n++)
        v[n] = v[0];
    return nn_arena_printf(a, "LinearUpsampling(%s, %s, %s)", nn_py_ints(a, v, n, 1),
                           nn_elem_bool(e, NN_A_ALIGN_CORNERS) ? "True" : "False", kname(k, name));
}

/* A transposed convolution's padding in Keras: 'same' when it is that;
 * else 'valid' (with output_padding where Keras's default adds too few
 * cells: Keras 3.0 takes no 0 in it, so at least 1) and a Cropping layer
 * cutting padding_amount from both ends and any cells added beyond
 * output_padding from the end (metamodel/tconv.h).  0 on an error. */
static int tconv_padding(struct kg *k, const struct nn_elem *e, struct nn_py_call *c,
                         struct klayer *l, const char *name)
{
    struct nn_tconv t;
    nn_tconv_read(e, &t);
    if (nn_elem_int(e, NN_A_GROUPS) > 1) {
        nn_gen_error(k->g, e->loc, "%s: Keras has no grouped transposed convolution", e->name);
        return 0;
    }
    int pads = 0, need = 0;
    for (int a = 0; a < t.r; a++) {
        pads |= t.pad[a] != 0;
        need |= t.out_pad[a] > nn_tconv_keras_default(&t, a);
    }
    if (t.same || (pads && nn_tconv_is_same(&t))) {
        if (!t.same)
            nn_py_arg(k->g->a, c, "padding", "\"same\"");
        return 1;
    }
    long long op[3], after[3];
    for (int a = 0; a < t.r; a++) {
        op[a] = need ? (t.out_pad[a] > 1 ? t.out_pad[a] : 1) : nn_tconv_keras_default(&t, a);
        after[a] = t.pad[a] + op[a] - t.out_pad[a];
        if (need && op[a] >= t.stride[a]) {
            nn_gen_error(k->g, e->loc, "%s: Keras needs an output_padding smaller than the "
                         "stride (here %lld on an axis of stride %lld)", e->name, op[a],
                         t.stride[a]);
            return 0;
        }
    }
    if (need)
        nn_py_arg(k->g->a, c, "output_padding", nn_py_ints(k->g->a, op, (size_t)t.r, 1));
    l->crop = crop_layer(k, t.r, t.pad, after, nn_arena_printf(k->g->a, "%s_crop", name));
    return 1;
}

/* Padding and linear interpolation, which Keras writes as other layers or
 * nnc's helper; 0 for any other layer. */
static int spatial_layer(struct kg *k, const struct nn_elem *e, struct klayer *l,
                         const char *name)
{
    if (e->kind == NN_K_PADDING) {
        padding_layers(k, e, l, name);
        return 1;
    }
    if (e->kind != NN_K_INTERPOLATE || !strcmp(nn_elem_str(e, NN_A_INTERPOLATE_MODE), "nearest"))
        return 0;
    l->layer = interpolate(k, e, name);
    l->act_after = 1;
    return 1;
}

/* Build the Keras pieces of layer module i of net. */
/* Keras refuses a convolution both strided and dilated: an error at the layer. */
static int strided_and_dilated(struct nn_gen *g, const struct nn_elem *e)
{
    long long st[8], dl[8];
    size_t ns = nn_elem_ints(e, NN_A_STRIDE_DIM, st, 8), nd = nn_elem_ints(e, NN_A_DILATION, dl, 8);
    int strided = 0, dilated = 0;
    for (size_t j = 0; j < ns; j++)
        strided |= st[j] > 1;
    for (size_t j = 0; j < nd; j++)
        dilated |= dl[j] > 1;
    if ((nn_kind_is_conv(e->kind) || nn_kind_is_tconv(e->kind)) && strided && dilated) {
        nn_gen_error(g, e->loc, "%s: Keras has no convolution that is both strided and "
                     "dilated", e->name);
        return 1;
    }
    return 0;
}

/* An affine BatchNorm that learns only one of beta and gamma: Keras's
 * center=False or scale=False (the affine rows write both when it learns
 * neither). */
static void fixed_affine(struct kg *k, const struct nn_elem *e, struct nn_py_call *c)
{
    if (e->kind != NN_K_BATCH_NORM || !nn_elem_bool(e, NN_A_AFFINE))
        return;
    if (!nn_elem_bool(e, NN_A_CENTER))
        nn_py_arg(k->g->a, c, "center", "False");
    if (!nn_elem_bool(e, NN_A_SCALE))
        nn_py_arg(k->g->a, c, "scale", "False");
}

/* regularizers: the config's kernel L2 penalty on a Dense or convolution
 * kernel, as the Keras source wrote it (nn_gen_keras names KERNEL_L2). */
static void kernel_regularizer(struct kg *k, const struct nn_elem *e, struct nn_py_call *c)
{
    enum nn_family f = nn_kind_family(e->kind);
    if (k->g->kernel_l2 && (f == NN_FAM_DENSE || f == NN_FAM_CONV || f == NN_FAM_TCONV))
        nn_py_arg(k->g->a, c, "kernel_regularizer", "keras.regularizers.L2(KERNEL_L2)");
}

static int keras_layer(struct kg *k, const struct nn_network *net, size_t i,
                       const struct nn_elem *e, struct klayer *l)
{
    memset(l, 0, sizeof *l);
    const char *name = nn_gen_attr(k->g, e->name);
    if (e->kind == NN_K_ACTIVATION) {
        l->act_after = 1;
        return 1;
    }
    if (e->kind == NN_K_PRELU) { /* PReLU: its shared axes follow from the input's rank */
        const struct nn_shape *s = nn_gen_in_shape(k->g, net, i);
        l->layer = nn_prelu_keras_layer(k->g->a, e, s ? s->rank : -1, kname(k, name));
        l->act_after = 1;
        return l->layer != NULL;
    }
    if (e->kind == NN_K_PARAMETER) { /* param */
        l->layer = nn_param_keras_layer(k->g->a, e, name);
        return l->layer != NULL;
    }
    if (e->kind == NN_K_UNMAPPED) { /* written by seq_layer and sub_stmt */
        struct nn_py_call c;
        nn_gen_todo_layer(k->g, e, &c);
        nn_py_arg(k->g->a, &c, NULL, kname(k, name));
        l->layer = nn_py_call_text(k->g->a, &c);
        return 1;
    }
    if (is_rnn(e)) {
        l->layer = rnn_layer(k, e, name);
        l->act_after = 1;
        return 1;
    }
    if (e->kind == NN_K_MH_ATTENTION) {
        l->layer = attention_layer(k, e, name);
        l->act_after = 1;
        return l->layer != NULL;
    }
    if (e->kind == NN_K_FLATTEN) {
        l->layer = flatten_layer(k, k->g, net, i, e, name);
        l->act_after = 1;
        return l->layer != NULL;
    }
    if (spatial_layer(k, e, l, name))
        return 1;
    if (e->kind == NN_K_POOLING && strncmp(nn_elem_str(e, NN_A_POOLING_TYPE), "adaptive", 8) == 0) {
        l->layer = adaptive_pool(k, e, name);
        l->act_after = 1;
        return 1;
    }
    if (e->kind == NN_K_POOLING && nn_elem_bool(e, NN_A_CEIL_MODE)) { /* tpool */
        l->layer = nn_keras_ceil_pool(k->g->a, e, kname(k, name));
        l->act_after = 1;
        return l->layer != NULL;
    }
    struct nn_py_call c; /* RMSNormalization: nnc's helper, for Keras before 3.9 */
    nn_py_call_init(&c, e->kind == NN_K_RMS_NORM ? "RMSNorm"
                                                 : nn_spell_class(k->g->a, &nn_spell_keras, e, "layers."));
    nn_spell_args(k->g->a, &nn_spell_keras, e, &c);
    fixed_affine(k, e, &c);
    kernel_regularizer(k, e, &c);
    if (nn_kind_is_tconv(e->kind) && !tconv_padding(k, e, &c, l, name))
        return 0;
    l->act_after = !nn_spell_keras.act_arg[e->kind] || !act_as_arg(e);
    const char *act = l->act_after ? NULL : act_value(k, e);
    if (act)
        nn_py_arg(k->g->a, &c, "activation", act);
    nn_py_arg(k->g->a, &c, NULL, kname(k, name));
    l->layer = nn_py_call_text(k->g->a, &c);
    l->pad = nn_kind_is_tconv(e->kind) ? NULL : pad_layer(k, e, name);
    return 1;
}

/* ---- Sequential style ---- */

static void seq_items(struct kg *k, const struct nn_network *net, FILE *f, int indent);

/* Write a list item (suffix ",") or a statement (suffix ""). */
static void seq_item(FILE *f, int indent, const char *text, const char *suffix)
{
    nn_py_write_expr(f, indent, text, suffix);
}

/* The items of one layer. */
static void seq_layer(struct kg *k, const struct nn_network *net, size_t i,
                      const struct nn_elem *e, FILE *f, int indent)
{
    struct klayer l;
    if (!keras_layer(k, net, i, e, &l))
        return;
    nn_gen_comments(f, indent, &e->c);
    if (l.pad)
        seq_item(f, indent, l.pad, ",");
    if (e->kind == NN_K_UNMAPPED)
        nn_gen_todo_comment(k->g, f, indent, e);
    if (l.layer)
        seq_item(f, indent, l.layer, ",");
    if (l.crop)
        seq_item(f, indent, l.crop, ",");
    if (l.act_after) {
        int quoted;
        const char *name = e->kind == NN_K_ACTIVATION ? nn_gen_attr(k->g, e->name)
            : nn_arena_printf(k->g->a, "%s_%s", e->name, nn_gen_activation(e, &quoted));
        const char *act = act_layer(k, e, name);
        if (act)
            seq_item(f, indent, act, ",");
    }
}

/* A tensor op in a chain (one operand, the batch axis kept) as a layer:
 * layers.Permute and layers.Reshape take the axes after the batch axis. */
static void seq_op(struct kg *k, const struct nn_network *net, size_t i, const struct nn_elem *e,
                   FILE *f, int indent)
{
    struct nn_arena *a = k->g->a;
    long long v[NN_SHAPE_MAX + 1];
    size_t n = 0;
    const char *name = kname(k, nn_gen_attr(k->g, e->name));
    if (e->kind == NN_K_OP_RESHAPE) {
        const struct nn_shape *s = nn_gen_out_shape(k->g, net, i);
        if (s) {
            n = (size_t)s->rank;
            memcpy(v, s->d, n * sizeof *v);
        } else { /* as written, without the batch axis */
            n = nn_elem_ints(e, NN_A_RESHAPE_DIM, v, NN_SHAPE_MAX + 1);
            n = n ? n - 1 : 0;
            memmove(v, v + 1, n * sizeof *v);
        }
        seq_item(f, indent, nn_arena_printf(a, "layers.Reshape(%s, %s)", nn_py_ints(a, v, n, 1),
                                            name), ",");
        return;
    }
    if (e->kind == NN_K_OP_PERMUTE) {
        n = nn_elem_ints(e, NN_A_PERMUTE_DIM, v, NN_SHAPE_MAX + 1);
    } else { /* transpose: the swap as a permutation of the input's axes */
        const struct nn_shape *in = nn_gen_in_shape(k->g, net, i);
        long long d[2];
        nn_elem_ints(e, NN_A_TRANSPOSE_DIM, d, 2);
        if (!in) {
            nn_gen_error(k->g, e->loc, "tensor operation '%s': tf-seq needs the input's rank "
                         "to write a transpose as a Permute layer; give input_shape", e->name);
            return;
        }
        n = (size_t)in->rank + 1;
        for (size_t j = 0; j < n; j++)
            v[j] = (long long)j == d[0] ? d[1] : (long long)j == d[1] ? d[0] : (long long)j;
    }
    const char *dims = nn_py_ints(a, v + 1, n - 1, 1);
    seq_item(f, indent, nn_arena_printf(a, "layers.Permute(%s, %s)", dims, name), ",");
}

/* A nested keras.Sequential for a sub-network. */
static void seq_subnet(struct kg *k, const struct nn_network *sub, FILE *f, int indent)
{
    fprintf(f, "%*skeras.Sequential([\n", indent, "");
    if (nn_gen_enter(k->g, sub)) {
        seq_items(k, sub, f, indent + 4);
        nn_gen_leave(k->g);
    }
    fprintf(f, "%*s], %s),\n", indent, "", kname(k, nn_gen_attr(k->g, sub->head.name)));
}

/* The items of a chain network. */
static void seq_items(struct kg *k, const struct nn_network *net, FILE *f, int indent)
{
    struct nn_flow fl;
    if (!nn_gen_flow(k->g, net, &fl))
        return;
    for (size_t i = 0; i < fl.n; i++) {
        if (fl.mods[i].ref == NN_REF_SUBNET)
            seq_subnet(k, fl.mods[i].sub, f, indent);
        else if (fl.mods[i].ref == NN_REF_OP)
            seq_op(k, net, i, fl.mods[i].elem, f, indent);
        else
            seq_layer(k, net, i, fl.mods[i].elem, f, indent);
    }
}

/* ---- subclass style ---- */

static const char *sub_class(struct kg *k, const struct nn_network *sub);

/* The expression of operand j of module i. */
static const char *operand(struct kg *k, const struct nn_network *net, const struct nn_flow *fl,
                           size_t i, size_t j)
{
    const struct nn_flow_arg *a = &fl->mods[i].args[j];
    if (a->scalar)
        return a->v && a->v->type == NN_V_INT ? nn_arena_printf(k->g->a, "%lld", a->v->i)
                                              : nn_py_float(k->g->a, a->value);
    return nn_gen_arg_var(k->g, net, fl, a);
}

static const char *operands(struct kg *k, const struct nn_network *net,
                            const struct nn_flow *fl, size_t i, const char *sep)
{
    size_t n = fl->mods[i].nargs;
    const char **parts = nn_arena_alloc(k->g->a, (n + 1) * sizeof *parts);
    for (size_t j = 0; parts && j < n; j++)
        parts[j] = operand(k, net, fl, i, j);
    const char *s = parts ? nn_py_join(k->g->a, parts, n, sep) : NULL;
    return s ? s : ""; /* out of memory: the arena's flag stops the output */
}

/* The reshape target, the batch axis as -1. */
static const char *reshape_dims(struct kg *k, const struct nn_network *net, size_t i,
                                const struct nn_elem *e)
{
    const struct nn_shape *s = nn_gen_out_shape(k->g, net, i);
    long long v[NN_SHAPE_MAX + 1];
    size_t n;
    if (s) {
        memcpy(v + 1, s->d, (size_t)s->rank * sizeof *v);
        n = (size_t)s->rank + 1;
    } else {
        n = nn_elem_ints(e, NN_A_RESHAPE_DIM, v, NN_SHAPE_MAX + 1);
    }
    v[0] = -1;
    return nn_py_ints(k->g->a, v, n, 1);
}

/* A subtraction, division, reduction or element-wise function (tensor_gen.c). */
static const char *top_expr(struct kg *k, const struct nn_network *net, const struct nn_flow *fl,
                            size_t i)
{
    size_t n = fl->mods[i].nargs;
    const char **x = nn_arena_alloc(k->g->a, (n + 1) * sizeof *x);
    for (size_t j = 0; x && j < n; j++)
        x[j] = operand(k, net, fl, i, j);
    return x ? nn_tensor_gen_expr(k->g->a, fl->mods[i].elem, 0, x, n) : "";
}

/* A tensor op as a keras.ops expression. */
static const char *op_expr(struct kg *k, const struct nn_network *net, const struct nn_flow *fl,
                           size_t i)
{
    const struct nn_elem *e = fl->mods[i].elem;
    struct nn_arena *a = k->g->a;
    long long v[NN_SHAPE_MAX + 1];
    size_t n;
    const char *x = operand(k, net, fl, i, 0);
    switch (e->kind) {
    case NN_K_OP_RESHAPE:
        return nn_arena_printf(a, "ops.reshape(%s, %s)", x, reshape_dims(k, net, i, e));
    case NN_K_OP_PERMUTE:
        n = nn_elem_ints(e, NN_A_PERMUTE_DIM, v, NN_SHAPE_MAX + 1);
        return nn_arena_printf(a, "ops.transpose(%s, %s)", x, nn_py_ints(a, v, n, 1));
    case NN_K_OP_TRANSPOSE:
        n = nn_elem_ints(e, NN_A_TRANSPOSE_DIM, v, 2);
        return nn_arena_printf(a, "ops.swapaxes(%s, %lld, %lld)", x, v[0], n > 1 ? v[1] : v[0]);
    case NN_K_OP_CONCATENATE:
        return nn_arena_printf(a, "ops.concatenate([%s], axis=%lld)",
                               operands(k, net, fl, i, ", "),
                               nn_elem_int(e, NN_A_CONCATENATE_DIM));
    case NN_K_OP_MULTIPLY: return operands(k, net, fl, i, " * ");
    case NN_K_OP_ADD: return operands(k, net, fl, i, " + ");
    case NN_K_OP_POSITIONS:
        return nn_arena_printf(a, "ops.broadcast_to(ops.arange(ops.shape(%s)[1]), "
                               "(ops.shape(%s)[0], ops.shape(%s)[1]))", x, x, x);
    case NN_K_OP_MATMULTIPLY:
        return nn_arena_printf(a, "ops.matmul(%s)", operands(k, net, fl, i, ", "));
    default: return top_expr(k, net, fl, i);
    }
}

/* self.<name> = ... for a layer (its padding layer too). */
/* A Normalization built here, eagerly (kconv): built on the first call of a
 * subclassed model, Keras (3.15, TensorFlow) makes its statistics in a
 * scratch graph the call cannot use. */
static void build_now(struct kg *k, const struct nn_network *net, size_t i, const char *name,
                      FILE *f)
{
    const struct nn_shape *s = nn_gen_in_shape(k->g, net, i);
    if (!s || !nn_shape_known(s))
        return;
    const char *shape = "(None";
    for (int d = 0; d < s->rank; d++)
        shape = nn_arena_printf(k->g->a, "%s, %lld", shape, s->d[d]);
    fprintf(f, "        self.%s.build(%s%s)  # its statistics, built eagerly\n", name, shape,
            s->rank == 0 ? ",)" : ")");
}

static void sub_attr_layer(struct kg *k, const struct nn_network *net, size_t i,
                           const struct nn_elem *e, FILE *f)
{
    struct klayer l;
    if (e->kind == NN_K_UNMAPPED || !keras_layer(k, net, i, e, &l))
        return;
    nn_gen_comments(f, 8, &e->c);
    const char *name = nn_gen_attr(k->g, e->name);
    if (l.pad)
        seq_item(f, 8, nn_arena_printf(k->g->a, "self.%s_pad = %s", name, l.pad), "");
    if (l.layer)
        seq_item(f, 8, nn_arena_printf(k->g->a, "self.%s = %s", name, l.layer), "");
    if (l.crop)
        seq_item(f, 8, nn_arena_printf(k->g->a, "self.%s_crop = %s", name, l.crop), "");
    if (e->kind == NN_K_STANDARDIZE)
        build_now(k, net, i, name, f);
}

/* self.<sub> = ...: a nested Sequential for a chain, else its own class. */
static void sub_attr_subnet(struct kg *k, const struct nn_network *sub, FILE *f)
{
    const char *name = nn_gen_attr(k->g, sub->head.name);
    struct nn_flow fl;
    if (!nn_gen_flow(k->g, sub, &fl))
        return;
    if (!fl.chain) {
        const char *cls = sub_class(k, sub);
        const char *args = k->bc ? nn_block_class_args(k->bc, (size_t)(sub - k->g->m->net.subnets))
                                 : "";
        fprintf(f, "        self.%s = %s(%s%s%s)\n", name, cls, args, *args ? ", " : "",
                kname(k, name));
        return;
    }
    fprintf(f, "        self.%s = keras.Sequential([\n", name);
    seq_items(k, sub, f, 12);
    fprintf(f, "        ], %s)\n", kname(k, name));
}

/* One module's statement in call(); a trailing comma-free seq_item line. */
static void sub_stmt(struct kg *k, const struct nn_network *net, const struct nn_flow *fl,
                     size_t i, FILE *f)
{
    const struct nn_flow_mod *fm = &fl->mods[i];
    const char *out = nn_gen_var(k->g, net, fl, i);
    const char *x = operand(k, net, fl, i, 0);
    if (fm->ref == NN_REF_OP) {
        x = op_expr(k, net, fl, i);
    } else if (fm->ref == NN_REF_SUBNET) {
        x = nn_arena_printf(k->g->a, "self.%s(%s)", nn_gen_attr(k->g, fm->sub->head.name), x);
    } else if (fm->elem->kind == NN_K_UNMAPPED) {
        nn_gen_todo_raise(k->g, f, 8, fm->elem);
        return;
    } else {
        struct klayer l;
        const char *name = nn_gen_attr(k->g, fm->elem->name);
        if (!keras_layer(k, net, i, fm->elem, &l))
            return;
        if (l.pad)
            x = nn_arena_printf(k->g->a, "self.%s_pad(%s)", name, x);
        if (l.layer && fm->elem->kind == NN_K_MH_ATTENTION)
            x = attention_call(k, net, fl, i, x);
        else if (l.layer)
            x = nn_arena_printf(k->g->a, "self.%s(%s)", name, x);
        if (l.crop)
            x = nn_arena_printf(k->g->a, "self.%s_crop(%s)", name, x);
        if (l.act_after)
            x = act_call(k, fm->elem, x);
    }
    if (strcmp(x, out) != 0)
        fprintf(f, "        %s = %s\n", out, x);
}

/* "(batch, 28, 28, 1)". */
static const char *batch_shape(struct kg *k, const struct nn_shape *s)
{
    const char *out = "(batch";
    for (int i = 0; i < s->rank; i++)
        out = nn_arena_printf(k->g->a, "%s, %lld", out, s->d[i]);
    return nn_arena_printf(k->g->a, "%s)", out);
}

/* The class docstring with the input and output shapes. */
static void write_doc(struct kg *k, const struct nn_network *net, FILE *f)
{
    const struct nn_net_shapes *ns = nn_shape_net(k->g->shapes, net);
    fprintf(f, "    \"\"\"%s", nn_gen_doc_title(k->g, net, 4));
    if (ns && nn_gen_several_inputs(k->g, net) && nn_shape_known(&ns->out))
        fprintf(f, "\n\n    Inputs: %s, a list in this order.\n    Output: %s.\n    ",
                nn_gen_inputs_doc(k->g), batch_shape(k, &ns->out));
    else if (ns && nn_shape_known(&ns->in) && nn_shape_known(&ns->out))
        fprintf(f, "\n\n    Input: %s.\n    Output: %s.\n    ", batch_shape(k, &ns->in),
                batch_shape(k, &ns->out));
    fprintf(f, "\"\"\"\n");
}

/* A subclass: keras.Model for the root, layers.Layer for a sub-network. */
static void sub_write_class(struct kg *k, const struct nn_network *net, const char *cls,
                            const char *base, FILE *f)
{
    struct nn_flow fl;
    if (!nn_gen_flow(k->g, net, &fl))
        return;
    fprintf(f, "\n\n%sclass %s(%s):\n", registration(k->g), cls, base);
    write_doc(k, net, f);
    fprintf(f, "\n    def __init__(self, **kwargs):\n        super().__init__(**kwargs)\n");
    for (size_t i = 0; i < fl.n; i++) {
        const struct nn_flow_mod *fm = &fl.mods[i];
        if (fm->ref == NN_REF_LAYER)
            sub_attr_layer(k, net, i, fm->elem, f);
        else if (fm->ref == NN_REF_SUBNET && fm->first_use)
            sub_attr_subnet(k, fm->sub, f);
    }
    const char *in = nn_gen_several_inputs(k->g, net) ? "inputs"
                                                       : nn_gen_var(k->g, net, &fl, NN_FLOW_INPUT);
    fprintf(f, "\n    def call(self, %s):\n", in);
    if (nn_gen_several_inputs(k->g, net)) /* a list (or tuple) in the inputs' order */
        fprintf(f, "        %s = inputs\n", nn_gen_input_names(k->g));
    for (size_t i = 0; i < fl.n; i++)
        sub_stmt(k, net, &fl, i, f);
    fprintf(f, "        return %s\n", fl.n ? nn_gen_var(k->g, net, &fl, fl.n - 1) : in);
    fprintf(f, "\n    def get_config(self):\n        return super().get_config()\n");
}

/* Write the class of sub-network sub alone, named cls, to out; 1 when
 * written. */
static int render_class(struct kg *k, const struct nn_network *sub, const char *cls, FILE *out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return 0;
    int ok = 0;
    if (nn_gen_enter(k->g, sub)) {
        sub_write_class(k, sub, cls, "layers.Layer", f);
        nn_gen_leave(k->g);
        ok = 1;
    }
    fclose(f);
    if (buf)
        fputs(buf, out);
    free(buf);
    return ok;
}

/* The class of a non-chain sub-network, written once into k->defs: the
 * class of its block (block_class.h) when the classes are grouped. */
static const char *sub_class(struct kg *k, const struct nn_network *sub)
{
    size_t idx = (size_t)(sub - k->g->m->net.subnets);
    if (k->bc) {
        const char *text = nn_block_class_take(k->bc, idx);
        if (text)
            fputs(text, k->defs);
        return nn_block_class_name(k->bc, idx);
    }
    const char *cls = nn_py_class_name(k->g->a, sub->head.name);
    if (k->sub_done[idx]++)
        return cls;
    render_class(k, sub, cls, k->defs);
    return cls;
}

/* Group the classes of the non-chain sub-networks (block_class.h): each
 * written alone first; k->bc stays NULL when memory runs out. */
static void group_classes(struct kg *k, const char *root_cls)
{
    const struct nn_network *net = &k->g->m->net;
    const char **texts = nn_arena_alloc(k->g->a, (net->nsubnets + 1) * sizeof *texts);
    for (size_t i = 0; texts && i < net->nsubnets; i++) {
        const struct nn_network *sub = &net->subnets[i];
        struct nn_flow fl;
        texts[i] = NULL;
        if (!nn_gen_flow(k->g, sub, &fl) || fl.chain)
            continue;
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (f && render_class(k, sub, nn_py_class_name(k->g->a, sub->head.name), f)) {
            fclose(f);
            texts[i] = buf ? nn_arena_strdup(k->g->a, buf) : NULL;
        } else if (f) {
            fclose(f);
        }
        free(buf);
    }
    const char **taken = nn_gen_taken_classes(k->g, nn_keras_helpers, root_cls);
    k->bc = texts && taken ? nn_block_classes_build(k->g, texts, 1, taken) : NULL;
}

/* The Sequential class of the whole model. */
static void seq_write_class(struct kg *k, const char *cls, FILE *f)
{
    const struct nn_network *net = &k->g->m->net;
    fprintf(f, "\n\n%sclass %s(keras.Sequential):\n", registration(k->g), cls);
    write_doc(k, net, f);
    fprintf(f, "\n    def __init__(self, name=%s, **kwargs):\n        super().__init__([\n",
            nn_py_str(k->g->a, net->head.name));
    if (k->g->input_shape)
        fprintf(f, "            keras.Input(shape=INPUT_SHAPE),\n");
    seq_items(k, net, f, 12);
    fprintf(f, "        ], name=name, **kwargs)\n"
               "\n    def get_config(self):  # the layers are the class's own\n"
               "        return {\"name\": self.name, \"trainable\": self.trainable}\n"
               "\n    @classmethod\n    def from_config(cls, config):\n"
               "        return cls(**config)\n");
}

/* Report every layer Keras cannot express, once, before writing. */
static int expressible(struct nn_gen *g)
{
    int bad = 0;
    for (size_t s = 0; s <= g->m->net.nsubnets; s++) {
        const struct nn_network *n = s ? &g->m->net.subnets[s - 1] : &g->m->net;
        for (size_t i = 0; i < n->nlayers; i++)
            bad += strided_and_dilated(g, &n->layers[i]);
    }
    return bad == 0;
}

void nn_gen_keras(struct nn_gen *g)
{
    if (!expressible(g))
        return;
    struct kg k = {g, nn_arena_alloc(g->a, g->m->net.nsubnets + 1), NULL, NULL};
    const struct nn_net_shapes *ns = nn_shape_net(g->shapes, &g->m->net);
    if (nn_gen_several_inputs(g, &g->m->net))
        nn_gen_input_shapes(g);
    else if (ns && nn_shape_known(&ns->in)) {
        char buf[160];
        g->input_shape = nn_arena_strdup(g->a, nn_shape_format(&ns->in, buf, sizeof buf));
        g->input_layout = "channels last";
    }
    const struct nn_elem *cfg = g->m->net.config;
    if (cfg && nn_elem_float(cfg, NN_A_KERNEL_L2) > 0)
        g->kernel_l2 = nn_py_float(g->a, nn_elem_float(cfg, NN_A_KERNEL_L2));
    struct nn_gen_parts parts;
    int ready = nn_gen_parts_open(&parts);
    k.defs = parts.defs;
    const char *cls = nn_py_class_name(g->a, g->m->net.head.name);
    if (ready && k.sub_done) {
        if (g->seq) {
            seq_write_class(&k, cls, parts.main);
        } else {
            group_classes(&k, cls);
            sub_write_class(&k, &g->m->net, cls, "keras.Model", parts.main);
        }
        nn_gen_keras_torch_loader(g, parts.main); /* weights */
    }
    nn_gen_parts_join(g, &parts);
}

const struct nn_gen_import nn_keras_imports[] = {
    {"csv.", "import csv", 0},
    {"os.", "import os", 0},
    {"np.", "import numpy as np", 1},
    {"Image.", "from PIL import Image", 1},
    {"keras.", "import keras", 1},
    {"layers.", "from keras import layers", 1},
    {"ops.", "from keras import ops", 1},
    {NULL, NULL, 0},
};

const struct nn_gen_helper nn_keras_helpers[] = {
    {"resolve_activation(",
     "def resolve_activation(name):\n"
     "    \"\"\"Return the Keras activation called `name`, looked up at run time.\"\"\"\n"
     "    return keras.activations.get(name)\n"},
    {"NotMigrated(",
     "class NotMigrated(layers.Layer):\n"
     "    \"\"\"A construct nnc could not migrate: calling it raises, so the model\n"
     "    never runs as a different network.\"\"\"\n"
     "\n"
     "    def __init__(self, message, **kwargs):\n"
     "        super().__init__(**kwargs)\n"
     "        self.message = message\n"
     "\n"
     "    def call(self, x):\n"
     "        raise NotImplementedError(self.message)\n"
     "\n"
     "    def get_config(self):\n"
     "        return {**super().get_config(), \"message\": self.message}\n"},
    {"ConstantPadding(",
     "class ConstantPadding(layers.Layer):\n"
     "    \"\"\"Pads every spatial axis of a channel-last tensor by `amount` cells\n"
     "    of `value` on both sides.\"\"\"\n"
     "\n"
     "    def __init__(self, amount, rank, value, **kwargs):\n"
     "        super().__init__(**kwargs)\n"
     "        self.amount, self.rank, self.value = amount, rank, value\n"
     "\n"
     "    def call(self, x):\n"
     "        pads = [(0, 0)] + [(self.amount, self.amount)] * self.rank + [(0, 0)]\n"
     "        return ops.pad(x, pads, constant_values=self.value)\n"
     "\n"
     "    def get_config(self):\n"
     "        return {**super().get_config(), \"amount\": self.amount, \"rank\": self.rank,\n"
     "                \"value\": self.value}\n"},
    {"AdaptivePooling(", nn_keras_adaptive_pooling},
    {"CeilPooling(", nn_keras_ceil_pooling},
    {"SelfAttentionLayer(",
     "class SelfAttentionLayer(layers.Layer):\n"
     "    \"\"\"layers.MultiHeadAttention with one sequence as query, value and key,\n"
     "    for keras.Sequential; causal: each step attends to itself and the steps\n"
     "    before it only.\"\"\"\n"
     "\n"
     "    def __init__(self, num_heads, key_dim, dropout=0.0, use_bias=True, causal=False,\n"
     "                 **kwargs):\n"
     "        super().__init__(**kwargs)\n"
     "        self.options = dict(num_heads=num_heads, key_dim=key_dim, dropout=dropout,\n"
     "                            use_bias=use_bias)\n"
     "        self.attention = layers.MultiHeadAttention(**self.options)\n"
     "        self.causal = causal\n"
     "\n"
     "    def call(self, x):\n"
     "        return self.attention(x, x, use_causal_mask=self.causal)\n"
     "\n"
     "    def get_config(self):\n"
     "        return {**super().get_config(), **self.options, \"causal\": self.causal}\n"},
    {"RMSNorm(", nn_keras_rms_norm},
    {"LearnedTensor(", nn_keras_learned_tensor_helper}, /* param */
    {"LinearUpsampling(", nn_keras_interpolate},
    /* weights: what load_torch_state_dict calls */
    {"torch_array(", nn_keras_torch_array},
    {"torch_conv_kernel(", nn_keras_torch_conv_kernel},
    {"torch_rnn_weights(", nn_keras_torch_rnn_weights},
    {"torch_attention_weights(", nn_keras_torch_attention_weights},
    {"torch_learned_tensor(", nn_keras_torch_learned_tensor},
    {"hard_swish", nn_keras_hard_swish},
    {"gelu_tanh", nn_keras_gelu_tanh},
    {NULL, NULL},
};
