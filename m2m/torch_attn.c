/* torch_attn.c - nn.MultiheadAttention applied in forward: queries, keys
 * and values to one pivot attention layer (self or cross), the result an
 * (output, None) pair. */
#include <string.h>

#include "m2m/torch_int.h"

/* The parameters of MultiheadAttention.forward, in order. */
#define ATTN_PARAMS "query key value key_padding_mask need_weights attn_mask " \
                    "average_attn_weights is_causal"
enum { A_Q, A_K, A_V, A_KPM, A_NEED, A_MASK, A_AVG, A_CAUSAL, A_COUNT };

/* Bind positional and keyword arguments to ATTN_PARAMS; NULL or a problem. */
static const char *bind(struct torch_ctx *c, struct nn_m2m_args *a, struct nn_mval **v)
{
    const char *why = nn_m2m_bind_args(c->t.ev.a, ATTN_PARAMS, A_COUNT, a, v);
    if (why)
        return why;
    return v[A_Q] && v[A_K] && v[A_V] ? NULL : "needs query, key and value";
}

/* Is v absent or None? */
static int is_none(const struct nn_mval *v)
{
    return !v || v->kind == NN_MV_NONE;
}

/* The truth of v, `absent` when it is not given. */
static int flag(const struct nn_mval *v, int absent)
{
    return is_none(v) ? absent : nn_m2m_truth(v);
}

/* What the pivot can express of the call; NULL or a problem. */
static const char *check(struct nn_mval **v, int *causal)
{
    if (!is_none(v[A_KPM]))
        return "key_padding_mask has no pivot equivalent";
    *causal = flag(v[A_CAUSAL], 0) == 1;
    if (*causal && flag(v[A_NEED], 1) != 0)
        return "is_causal=True is exact only with need_weights=False (PyTorch then ignores "
               "attn_mask's values)";
    if (!*causal && !is_none(v[A_MASK]))
        return "attn_mask without is_causal=True has no pivot equivalent";
    return NULL;
}

/* A tensor argument in the source layout (sequences: the last axis features). */
static struct nn_mval *seq_arg(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *v)
{
    struct nn_mval *x = nn_torch_as_tensor(c, at, v);
    return x && x->kind == NN_MV_HOST ? nn_torch_to_cf(c, x) : NULL;
}

/* The pivot layer of the call: a copy of the constructor's, with the kv
 * source and causality set; its output tensor. */
static struct nn_mval *emit(struct torch_ctx *c, struct t_layer *l, struct nn_mval *q,
                            struct nn_mval *kv, int causal)
{
    const struct t_tensor *tq = q->ptr, *tkv = kv->ptr;
    struct nn_elem *proto = nn_torch_copy_elem(c, l->proto);
    if (!proto)
        return NULL;
    if (strcmp(tq->src, tkv->src) != 0)
        nn_elem_set_string(c->t.m, proto, NN_A_NAME_KV_INPUT, tkv->src);
    if (causal)
        nn_elem_set_bool(c->t.m, proto, NN_A_IS_CAUSAL, 1);
    const char *local = c->item_name ? c->item_name : l->name ? l->name : "attention";
    const char *name = nn_torch_full_name(c, local, "attention");
    size_t li = nn_torch_emit_layer(c, proto, name, tq->src);
    c->t.net->layers[li].loc = nn_m2m_loc(&c->t.ev, l->at);
    c->t.net->layers[li].weights_from = nn_torch_source_path(c, local);
    return nn_torch_tensor(c, name, tq->rank, 0);
}

struct nn_mval *nn_torch_attention(struct torch_ctx *c, const struct nn_py_node *at,
                                   struct t_layer *l, struct nn_m2m_args *a)
{
    struct nn_mval *v[A_COUNT] = {0};
    int causal = 0;
    const char *why = l->error ? l->error : bind(c, a, v);
    if (!why && !l->batch_first)
        why = "only batch_first=True has a pivot equivalent";
    if (!why)
        why = check(v, &causal);
    if (!why && l->uses++)
        why = "applied twice (shared weights have no pivot equivalent)";
    if (why)
        return nn_m2m_unmappable(&c->t.ev, l->error ? l->error_at : at, "%s%s",
                                 l->error ? "" : "MultiheadAttention: ", why);
    struct nn_mval *q = seq_arg(c, at, v[A_Q]), *kv = q ? seq_arg(c, at, v[A_K]) : NULL;
    struct nn_mval *val = kv ? seq_arg(c, at, v[A_V]) : NULL;
    if (val && strcmp(((struct t_tensor *)kv->ptr)->src, ((struct t_tensor *)val->ptr)->src) != 0)
        return nn_m2m_unmappable(&c->t.ev, at, "MultiheadAttention: keys and values must be the "
                                 "same tensor (the pivot's name_kv_input)");
    struct nn_mval *out = val ? emit(c, l, q, kv, causal) : NULL;
    struct nn_mval *res = out ? nn_m2m_seq(&c->t.ev, NN_MV_TUPLE, 2) : NULL;
    if (!res)
        return NULL;
    nn_m2m_push(&c->t.ev, res, out);
    nn_m2m_push(&c->t.ev, res, nn_m2m_new(&c->t.ev, NN_MV_NONE));
    return res;
}
