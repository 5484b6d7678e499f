/* keras_attn.c - layers.MultiHeadAttention called on query, value (and
 * key): one pivot attention layer, self or cross (name_kv_input). */
#include <string.h>

#include "m2m/keras_int.h"

/* The parameters of MultiHeadAttention.call, in order. */
#define ATTN_PARAMS "query value key query_mask value_mask key_mask attention_mask " \
                    "return_attention_scores training use_causal_mask"
enum { A_Q, A_V, A_K, A_QM, A_VM, A_KM, A_MASK, A_SCORES, A_TRAINING, A_CAUSAL, A_COUNT };

/* Bind positional and keyword arguments to ATTN_PARAMS; NULL or a problem. */
static const char *bind(struct keras_ctx *c, struct nn_m2m_args *a, struct nn_mval **v)
{
    const char *why = nn_m2m_bind_args(c->t.ev.a, ATTN_PARAMS, A_COUNT, a, v);
    if (why)
        return why;
    return v[A_Q] && v[A_V] ? NULL : "needs query and value";
}

/* Is v absent or None? */
static int is_none(const struct nn_mval *v)
{
    return !v || v->kind == NN_MV_NONE;
}

/* What the pivot can express of the call; NULL or a problem. */
static const char *check(struct k_layer *l, struct nn_mval **v, int *causal)
{
    if (!is_none(v[A_QM]) || !is_none(v[A_VM]) || !is_none(v[A_KM]) || !is_none(v[A_MASK]))
        return "masks other than use_causal_mask=True have no pivot equivalent";
    if (!is_none(v[A_SCORES]) && nn_m2m_truth(v[A_SCORES]) != 0)
        return "return_attention_scores=True has no pivot equivalent";
    *causal = !is_none(v[A_CAUSAL]) && nn_m2m_truth(v[A_CAUSAL]) == 1;
    if (!l->key_dim)
        return "needs key_dim known statically";
    if (l->value_dim && l->value_dim != l->key_dim)
        return "a value_dim other than key_dim has no pivot equivalent";
    return NULL;
}

/* The producing module of a tensor argument, NULL when it is none. */
static const char *src_of(struct keras_ctx *c, const struct nn_py_node *at, struct nn_mval *v)
{
    struct nn_mval *t = nn_keras_as_tensor(c, at, v);
    return t && t->kind == NN_MV_HOST ? ((struct k_tensor *)t->ptr)->src : NULL;
}

struct nn_mval *nn_keras_attention(struct keras_ctx *c, const struct nn_py_node *at,
                                   struct k_layer *l, struct nn_m2m_args *a)
{
    struct nn_mval *v[A_COUNT] = {0};
    int causal = 0;
    if (l->error)
        return nn_m2m_unmappable(&c->t.ev, l->error_at, "%s", l->error);
    const char *why = bind(c, a, v);
    if (!why)
        why = check(l, v, &causal);
    if (!why && l->uses++)
        why = "applied twice (shared weights have no pivot equivalent)";
    if (why)
        return nn_m2m_unmappable(&c->t.ev, at, "MultiHeadAttention: %s", why);
    struct nn_mval *q = nn_keras_as_tensor(c, at, v[A_Q]);
    const char *vs = q && q->kind == NN_MV_HOST ? src_of(c, at, v[A_V]) : NULL;
    const char *ks = vs && !is_none(v[A_K]) ? src_of(c, at, v[A_K]) : vs;
    if (!ks)
        return NULL;
    if (strcmp(ks, vs) != 0)
        return nn_m2m_unmappable(&c->t.ev, at, "MultiHeadAttention: keys and values must be "
                                 "the same tensor (the pivot's name_kv_input)");
    nn_elem_set_int(c->t.m, l->proto, NN_A_EMBED_DIM,
                    l->key_dim * nn_elem_int(l->proto, NN_A_NUM_HEADS));
    struct nn_mval *y = nn_keras_apply_plain(c, l, q);
    struct nn_elem *e = y ? &c->t.net->layers[c->t.net->nlayers - 1] : NULL;
    if (e && strcmp(vs, ((struct k_tensor *)q->ptr)->src) != 0)
        nn_elem_set_string(c->t.m, e, NN_A_NAME_KV_INPUT, vs);
    if (e && causal)
        nn_elem_set_bool(c->t.m, e, NN_A_IS_CAUSAL, 1);
    return y;
}
