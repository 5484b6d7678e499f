/* subscript.c - Python tensor subscripts as pivot subscript items (see
 * subscript.h). */
#include "m2m/subscript.h"

#include <string.h>

int nn_m2m_whole(const struct nn_top_index *x)
{
    return x->slice && !x->has_start && !x->has_stop && x->step == 1;
}

/* An optional int slice part: absent, None or an int known statically. */
static int part(struct nn_m2m_eval *ev, const struct nn_py_node *e, int *has, long long *v)
{
    struct nn_mval *m = e ? nn_m2m_expr(ev, ev->cur_env, e) : NULL;
    *has = m && m->kind != NN_MV_NONE;
    if (*has && m->kind != NN_MV_INT)
        return -1;
    *v = *has ? m->i : 0;
    return e && !m ? -1 : 0;
}

/* One element of a subscript; 1 for the ellipsis, 0 for an item, -1 when
 * it is neither (a tensor, None, a bound not known statically). */
static int item(struct nn_m2m_eval *ev, const struct nn_py_node *e, struct nn_top_index *x)
{
    memset(x, 0, sizeof *x);
    x->step = 1;
    if (e->kind == NN_PY_Constant && e->op == NN_PYC_ELLIPSIS)
        return 1;
    if (e->kind == NN_PY_Slice) {
        int has_step;
        x->slice = 1;
        if (part(ev, e->n[0], &x->has_start, &x->start) ||
            part(ev, e->n[1], &x->has_stop, &x->stop) || part(ev, e->n[2], &has_step, &x->step))
            return -1;
        x->step = has_step ? x->step : 1;
        return x->step > 0 ? 0 : -1;
    }
    struct nn_mval *v = nn_m2m_expr(ev, ev->cur_env, e);
    if (!v || v->kind != NN_MV_INT)
        return -1;
    x->start = v->i;
    return 0;
}

const char *nn_m2m_subscript(struct nn_m2m_eval *ev, const struct nn_py_node *index, int rank,
                             struct nn_top_index *out, int *n)
{
    struct nn_top_index got[NN_TOP_MAX_INDICES];
    int k = 0, dots = -1;
    const struct nn_py_node *e = index->kind == NN_PY_Tuple ? index->n[0] : index;
    for (; e; e = e->next) {
        if (k >= NN_TOP_MAX_INDICES)
            return "a subscript of more axes than nnc handles";
        int r = item(ev, e, &got[k]);
        if (r < 0)
            return "a subscript with an item that is not an int or a slice of ints known "
                   "statically (with a positive step)";
        if (r == 1 && dots >= 0)
            return "a subscript with two ellipses";
        dots = r == 1 ? k : dots;
        k += r == 0;
    }
    if (dots >= 0 && rank < 0)
        return "a subscript with '...' of a tensor of unknown rank";
    int total = rank > k ? rank : k, fill = total - k, at = dots >= 0 ? dots : k;
    if (total > NN_TOP_MAX_INDICES || (rank >= 0 && k > rank))
        return "a subscript of more axes than the tensor has";
    for (int i = 0, j = 0; i < total; i++) {
        int whole = i >= at && i < at + fill;
        out[i] = whole ? (struct nn_top_index){.slice = 1, .step = 1} : got[j++];
    }
    *n = total;
    return nn_m2m_whole(&out[0]) ? NULL : "indexing or slicing the batch axis has no pivot "
                                          "equivalent";
}
