/* torch_encoder.c - nn.TransformerEncoderLayer and nn.TransformerEncoder,
 * expanded into the pivot's plain layers: attention, residual sums, layer
 * normalisation and the position-wise feed-forward (Linear, activation,
 * Linear), named after PyTorch's own sub-modules (self_attn, norm1, linear1,
 * ...).  Keras has no such layer; the expansion is what every target writes. */
#include <string.h>

#include "m2m/torch_int.h"

#define LAYER_PARAMS "d_model nhead dim_feedforward dropout activation layer_norm_eps " \
                     "batch_first norm_first bias device dtype"
#define STACK_PARAMS "encoder_layer num_layers norm enable_nested_tensor mask_check"
#define FORWARD_PARAMS "src mask src_key_padding_mask is_causal"

/* Bind a call's arguments to the space-separated params; NULL or a problem. */
static const char *bind(struct torch_ctx *c, const char *params, struct nn_m2m_args *a,
                        struct nn_mval **v, size_t n)
{
    return nn_m2m_bind_args(c->t.ev.a, params, n, a, v);
}

/* Is v given and not None? */
static int given(const struct nn_mval *v)
{
    return v && v->kind != NN_MV_NONE;
}

/* A positive int argument into *out (def when absent); NULL or a problem. */
static const char *int_arg(struct torch_ctx *c, const char *what, const struct nn_mval *v,
                           long long def, long long *out)
{
    *out = def;
    if (!given(v))
        return def > 0 ? NULL : nn_arena_printf(c->t.ev.a, "needs %s", what);
    if (v->kind != NN_MV_INT || v->i < 1)
        return nn_arena_printf(c->t.ev.a, "%s must be a positive integer known statically", what);
    *out = v->i;
    return NULL;
}

/* The activation: 'relu' or 'gelu', as a string or F.relu / F.gelu. */
static const char *activation(const struct nn_mval *v, const char **out)
{
    *out = "relu";
    if (!given(v))
        return NULL;
    const char *s = v->kind == NN_MV_STR ? v->s : v->kind == NN_MV_PATH ? strrchr(v->s, '.') : NULL;
    s = s && *s == '.' ? s + 1 : s;
    if (!s || (strcmp(s, "relu") != 0 && strcmp(s, "gelu") != 0))
        return "only activation 'relu' or 'gelu' has a pivot equivalent";
    *out = s;
    return NULL;
}

/* The settings of nn.TransformerEncoderLayer(...); NULL or a problem. */
static const char *layer_settings(struct torch_ctx *c, struct nn_mval **v, struct t_encoder *e)
{
    const char *why = int_arg(c, "d_model", v[0], 0, &e->d_model);
    why = why ? why : int_arg(c, "nhead", v[1], 0, &e->nhead);
    why = why ? why : int_arg(c, "dim_feedforward", v[2], 2048, &e->dff);
    why = why ? why : activation(v[4], &e->act);
    if (why)
        return why;
    e->dropout = 0.1;
    e->eps = 1e-5;
    if (given(v[3]) && !nn_m2m_is_num(v[3]))
        return "dropout must be a number known statically";
    e->dropout = given(v[3]) ? nn_m2m_num(v[3]) : e->dropout;
    if (given(v[5]) && !nn_m2m_is_num(v[5]))
        return "layer_norm_eps must be a number known statically";
    e->eps = given(v[5]) ? nn_m2m_num(v[5]) : e->eps;
    if (!given(v[6]) || nn_m2m_truth(v[6]) != 1)
        return "only batch_first=True has a pivot equivalent";
    e->norm_first = given(v[7]) && nn_m2m_truth(v[7]) == 1;
    if (given(v[8]) && nn_m2m_truth(v[8]) != 1)
        return "only bias=True has a pivot equivalent";
    return NULL;
}

struct nn_mval *nn_torch_encoder_layer(struct torch_ctx *c, const struct nn_py_node *at,
                                       struct nn_m2m_args *a)
{
    struct nn_mval *v[11] = {0};
    struct t_encoder *e = nn_arena_alloc(c->t.ev.a, sizeof *e);
    if (!e)
        return NULL;
    e->at = at;
    e->layers = 1;
    const char *why = bind(c, LAYER_PARAMS, a, v, 11);
    e->error = why ? why : layer_settings(c, v, e);
    return nn_m2m_host_val(&c->t.ev, T_ENCODER, e);
}

struct nn_mval *nn_torch_encoder_stack(struct torch_ctx *c, const struct nn_py_node *at,
                                       struct nn_m2m_args *a)
{
    struct nn_mval *v[5] = {0};
    struct t_encoder *e = nn_arena_alloc(c->t.ev.a, sizeof *e);
    if (!e)
        return NULL;
    const char *why = bind(c, STACK_PARAMS, a, v, 5);
    const struct t_encoder *one = !why && given(v[0]) && v[0]->kind == NN_MV_HOST &&
        v[0]->tag == T_ENCODER ? v[0]->ptr : NULL;
    if (!why && (!one || one->layers != 1))
        why = "encoder_layer must be an nn.TransformerEncoderLayer";
    if (one)
        *e = *one;
    e->at = at;
    e->name = NULL;
    e->uses = 0;
    e->stack = 1;
    if (!why)
        why = one->error ? one->error : int_arg(c, "num_layers", v[1], 0, &e->layers);
    const struct t_layer *norm = !why && given(v[2]) && v[2]->kind == NN_MV_HOST &&
        v[2]->tag == T_LAYER ? v[2]->ptr : NULL;
    if (!why && given(v[2]) && (!norm || norm->cls->kind != NN_K_LAYER_NORM))
        why = "norm must be an nn.LayerNorm";
    e->norm = norm ? norm->proto : NULL;
    e->error = why;
    return nn_m2m_host_val(&c->t.ev, T_ENCODER, e);
}

/* ---- the expansion ---- */

/* Append proto as layer `local` (in the current block) fed by src; its name. */
static const char *emit(struct torch_ctx *c, const struct t_encoder *e, struct nn_elem *proto,
                        const char *local, const char *src)
{
    if (!proto)
        return NULL;
    const char *name = nn_torch_full_name(c, local, local);
    size_t li = nn_torch_emit_layer(c, proto, name, src);
    c->t.net->layers[li].loc = nn_m2m_loc(&c->t.ev, e->at);
    c->t.net->layers[li].weights_from = nn_torch_source_path(c, local);
    return name;
}

/* A Dropout layer when the rate is not 0 (the identity at inference). */
static const char *dropout(struct torch_ctx *c, const struct t_encoder *e, const char *local,
                           const char *src)
{
    if (!src || e->dropout == 0)
        return src;
    struct nn_elem *p = nn_elem_new(c->t.m, NN_K_DROPOUT);
    if (p)
        nn_elem_set_float(c->t.m, p, NN_A_RATE, e->dropout);
    return emit(c, e, p, local, src);
}

/* x + y as an add op; its name. */
static const char *add(struct torch_ctx *c, const char *x, const char *y)
{
    const char *srcs[2] = {x, y};
    struct nn_elem *op = x && y ? nn_torch_emit_op(c, NN_K_OP_ADD, "add", srcs, 2, 1) : NULL;
    return op ? op->name : NULL;
}

/* LayerNorm `local` over d_model features. */
static const char *norm(struct torch_ctx *c, const struct t_encoder *e, const char *local,
                        const char *src)
{
    struct nn_elem *p = src ? nn_elem_new(c->t.m, NN_K_LAYER_NORM) : NULL;
    if (!p)
        return NULL;
    nn_elem_set_ints(c->t.m, p, NN_A_NORMALIZED_SHAPE, &e->d_model, 1);
    nn_elem_set_float(c->t.m, p, NN_A_EPS, e->eps);
    return emit(c, e, p, local, src);
}

/* The self-attention block: self_attn, dropout1. */
static const char *attention(struct torch_ctx *c, const struct t_encoder *e, const char *src)
{
    struct nn_elem *p = src ? nn_elem_new(c->t.m, NN_K_MH_ATTENTION) : NULL;
    if (!p)
        return NULL;
    nn_elem_set_int(c->t.m, p, NN_A_EMBED_DIM, e->d_model);
    nn_elem_set_int(c->t.m, p, NN_A_NUM_HEADS, e->nhead);
    nn_elem_set_float(c->t.m, p, NN_A_DROPOUT, e->dropout);
    return dropout(c, e, "dropout1", emit(c, e, p, "self_attn", src));
}

/* Linear `local` from n to m features, with an activation or none. */
static const char *linear(struct torch_ctx *c, const struct t_encoder *e, const char *local,
                          const char *src, long long n, long long m, const char *act)
{
    struct nn_elem *p = src ? nn_elem_new(c->t.m, NN_K_LINEAR) : NULL;
    if (!p)
        return NULL;
    nn_elem_set_int(c->t.m, p, NN_A_IN_FEATURES, n);
    nn_elem_set_int(c->t.m, p, NN_A_OUT_FEATURES, m);
    if (act)
        nn_elem_set_name(c->t.m, p, NN_A_ACTV_FUNC, act);
    return emit(c, e, p, local, src);
}

/* The feed-forward block: linear1 (with the activation), dropout, linear2, dropout2. */
static const char *feed_forward(struct torch_ctx *c, const struct t_encoder *e, const char *src)
{
    const char *h = dropout(c, e, "dropout", linear(c, e, "linear1", src, e->d_model, e->dff,
                                                     e->act));
    return dropout(c, e, "dropout2", linear(c, e, "linear2", h, e->dff, e->d_model, NULL));
}

/* One encoder layer on src (its names under the current block); the output. */
static const char *encoder_layer(struct torch_ctx *c, const struct t_encoder *e, const char *x)
{
    if (e->norm_first) {
        x = add(c, x, attention(c, e, norm(c, e, "norm1", x)));
        return add(c, x, feed_forward(c, e, norm(c, e, "norm2", x)));
    }
    x = norm(c, e, "norm1", add(c, x, attention(c, e, x)));
    return norm(c, e, "norm2", add(c, x, feed_forward(c, e, x)));
}

/* Run the layers with `name` pushed as a block name; the output's source. */
static const char *in_block(struct torch_ctx *c, const struct t_encoder *e, const char *name,
                            const char *x)
{
    if (!nn_m2m_trace_block_room(&c->t, e->at, 2))
        return NULL;
    c->t.prefix[c->t.nprefix++] = name;
    if (!e->stack) {
        x = encoder_layer(c, e, x);
    } else {
        for (long long i = 0; x && i < e->layers; i++) {
            c->t.prefix[c->t.nprefix++] = nn_arena_printf(c->t.ev.a, "layers.%lld", i);
            x = encoder_layer(c, e, x);
            c->t.nprefix--;
        }
        if (x && e->norm)
            x = emit(c, e, nn_torch_copy_elem(c, e->norm), "norm", x);
    }
    c->t.nprefix--;
    return x;
}

struct nn_mval *nn_torch_encoder_apply(struct torch_ctx *c, const struct nn_py_node *at,
                                       struct t_encoder *e, struct nn_mval *x)
{
    if (e->error)
        return nn_m2m_unmappable(&c->t.ev, e->at, "%s: %s", e->stack ? "TransformerEncoder"
                                 : "TransformerEncoderLayer", e->error);
    if (e->uses++)
        return nn_m2m_unmappable(&c->t.ev, at, "a Transformer encoder applied twice (shared "
                                 "weights have no pivot equivalent)");
    if (!(x = nn_torch_as_tensor(c, at, x)) || x->kind != NN_MV_HOST || !(x = nn_torch_to_cf(c, x)))
        return x;
    const struct t_tensor *t = x->ptr;
    const char *name = c->item_name ? c->item_name : e->name ? e->name : "encoder";
    if (name[0] >= '0' && name[0] <= '9') /* a Sequential item */
        name = nn_arena_printf(c->t.ev.a, "encoder_%s", name);
    const char *out = in_block(c, e, name, t->src);
    return out ? nn_torch_tensor(c, out, t->rank, 0) : NULL;
}

struct nn_mval *nn_torch_encoder_call(struct torch_ctx *c, const struct nn_py_node *at,
                                      struct t_encoder *e, struct nn_m2m_args *a)
{
    struct nn_mval *v[4] = {0};
    const char *why = bind(c, FORWARD_PARAMS, a, v, 4);
    if (!why && !v[0])
        why = "needs src";
    if (!why && (given(v[1]) || given(v[2])))
        why = "masks have no pivot equivalent";
    if (!why && given(v[3]) && nn_m2m_truth(v[3]) != 0)
        why = "is_causal=True has no pivot equivalent here";
    if (why)
        return nn_m2m_unmappable(&c->t.ev, at, "Transformer encoder: %s", why);
    return nn_torch_encoder_apply(c, at, e, v[0]);
}
