/* torch_own.c - nnc's own PyTorch helpers read back as the pivot concepts
 * they stand for: `Standardize` (Keras's Normalization) and `partly_affine`
 * (Keras's BatchNormalization with center or scale off), so that
 * Keras -> PyTorch -> Keras gives back the source's layers.  Only the exact
 * text nnc writes is taken for them (nn_m2m_own_helper). */
#include <string.h>

#include "frameworks/spell.h"
#include "m2m/reader.h"
#include "m2m/torch_int.h"

/* The argument called `name` or at position pos, NULL when absent. */
static struct nn_mval *arg(const struct nn_m2m_args *a, size_t pos, const char *name)
{
    for (size_t i = 0; i < a->nkw; i++)
        if (strcmp(a->kwname[i], name) == 0)
            return a->kw[i];
    return pos < a->npos ? a->pos[pos] : NULL;
}

/* partly_affine(norm, center=True, scale=True): the BatchNorm `norm` with
 * its center and scale flags (the pivot's extension attributes). */
static struct nn_mval *partly_affine(struct torch_ctx *c, const struct nn_py_node *at,
                                     struct nn_m2m_args *a)
{
    struct nn_mval *norm = arg(a, 0, "norm"), *flag[2] = {arg(a, 1, "center"), arg(a, 2, "scale")};
    static const enum nn_attr_id ids[2] = {NN_A_CENTER, NN_A_SCALE};
    struct t_layer *l = norm && norm->kind == NN_MV_HOST && norm->tag == T_LAYER ? norm->ptr : NULL;
    if (!l || l->cls->kind != NN_K_BATCH_NORM || !nn_elem_bool(l->proto, NN_A_AFFINE) ||
        a->npos + a->nkw > 3)
        return nn_m2m_unmappable(&c->t.ev, at, "partly_affine expects an affine BatchNorm and "
                                             "its center and scale flags");
    for (int i = 0; i < 2; i++) {
        if (flag[i] && flag[i]->kind != NN_MV_BOOL)
            return nn_m2m_unmappable(&c->t.ev, at, "partly_affine: %s is not True or False "
                                     "statically", i ? "scale" : "center");
        if (flag[i] && !flag[i]->i)
            nn_elem_set_bool(c->t.m, l->proto, ids[i], 0);
    }
    return norm;
}

/* A list of numbers known statically into v (at most cap); its length, or -1. */
static long long numbers(const struct nn_mval *list, double *v, size_t cap)
{
    if (!list || (list->kind != NN_MV_LIST && list->kind != NN_MV_TUPLE) || list->n > cap)
        return -1;
    for (size_t i = 0; i < list->n; i++) {
        const struct nn_mval *x = list->items[i];
        if (x->kind != NN_MV_INT && x->kind != NN_MV_FLOAT)
            return -1;
        v[i] = x->kind == NN_MV_INT ? (double)x->i : x->f;
    }
    return (long long)list->n;
}

/* Standardize(num_features, mean=None, variance=None): the pivot layer. */
static struct nn_mval *standardize(struct torch_ctx *c, const struct nn_py_node *at,
                                   struct nn_m2m_args *a)
{
    static const struct torch_class cls = {"Standardize", NN_K_STANDARDIZE, 0, TR_LAYER,
                                           "num_features mean variance", NULL};
    struct nn_mval *n = arg(a, 0, "num_features"), *stat[2] = {arg(a, 1, "mean"), arg(a, 2, "variance")};
    static const enum nn_attr_id ids[2] = {NN_A_MEAN, NN_A_VARIANCE};
    if (!n || n->kind != NN_MV_INT || n->i < 1 || a->npos + a->nkw > 3)
        return nn_m2m_unmappable(&c->t.ev, at, "Standardize expects its number of features "
                                             "known statically");
    struct t_layer *l = nn_arena_alloc(c->t.ev.a, sizeof *l);
    double *v = nn_arena_alloc(c->t.ev.a, (size_t)n->i < 1u << 20 ? (size_t)n->i * sizeof *v : 0);
    if (!l || !v)
        return NULL;
    memset(l, 0, sizeof *l);
    if (!(l->proto = nn_elem_new(c->t.m, NN_K_STANDARDIZE)))
        return NULL;
    l->cls = &cls;
    l->params = cls.params;
    l->at = at;
    l->proto->loc = nn_m2m_loc(&c->t.ev, at);
    nn_elem_set_int(c->t.m, l->proto, NN_A_NUM_FEATURES, n->i);
    for (int i = 0; i < 2; i++) {
        if (!stat[i] || stat[i]->kind == NN_MV_NONE)
            continue;
        if (numbers(stat[i], v, (size_t)n->i) != n->i)
            return nn_m2m_unmappable(&c->t.ev, at, "Standardize: %s is not %lld numbers known "
                                     "statically", i ? "variance" : "mean", n->i);
        nn_elem_set_floats(c->t.m, l->proto, ids[i], v, (size_t)n->i);
    }
    return nn_m2m_host_val(&c->t.ev, T_LAYER, l);
}

struct nn_mval *nn_torch_own_helper_call(struct torch_ctx *c, const struct nn_py_node *at,
                                         struct nn_mval *fn, struct nn_m2m_args *a)
{
    if (fn->kind == NN_MV_FUNC &&
        nn_m2m_own_helper(&c->t.ev, fn, "partly_affine", nn_spell_torch_helper("partly_affine")))
        return partly_affine(c, at, a);
    if (fn->kind == NN_MV_CLASS &&
        nn_m2m_own_helper(&c->t.ev, fn, "Standardize", nn_spell_torch_helper("Standardize")))
        return standardize(c, at, a);
    return &nn_m2m_unhandled;
}
