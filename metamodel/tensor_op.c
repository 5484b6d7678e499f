/* tensor_op.c - classes and shapes of the arithmetic, element-wise and
 * reduction tensor ops (see tensor_op.h). */
#include "metamodel/tensor_op.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum nn_top_class nn_top_class(enum nn_kind k)
{
    switch (k) {
    case NN_K_OP_SUBTRACT:
    case NN_K_OP_DIVIDE: return NN_TOP_BINOP;
    case NN_K_OP_MEAN:
    case NN_K_OP_MAX:
    case NN_K_OP_SUM:
    case NN_K_OP_MIN:
    case NN_K_OP_VAR: return NN_TOP_REDUCE;
    case NN_K_OP_IDENTITY:
    case NN_K_OP_EXP:
    case NN_K_OP_LOG:
    case NN_K_OP_SQRT:
    case NN_K_OP_ABS:
    case NN_K_OP_NEG:
    case NN_K_OP_POW:
    case NN_K_OP_CLAMP: return NN_TOP_UNARY;
    case NN_K_OP_SUBSCRIPT: return NN_TOP_SUBSCRIPT;
    case NN_K_OP_NORMALIZE: return NN_TOP_NORMALIZE;
    default: return NN_TOP_NONE;
    }
}

int nn_top_reduce_axis(const struct nn_elem *e, int rank)
{
    long long d = nn_elem_int(e, NN_A_REDUCE_DIM), total = (long long)rank + 1;
    d += d < 0 ? total : 0;
    return d >= 1 && d < total ? (int)d - 1 : -1;
}

/* Broadcast the operand shapes together (scalars have rank 0). */
static const char *broadcast(const struct nn_shape *in, size_t nin, struct nn_shape *out)
{
    struct nn_shape s = {0, {0}};
    for (size_t k = 0; k < nin; k++) {
        const struct nn_shape *t = &in[k];
        struct nn_shape r = t->rank > s.rank ? *t : s;
        for (int i = 1; i <= t->rank && i <= s.rank; i++) {
            long long x = s.d[s.rank - i], y = t->d[t->rank - i];
            if (x != y && x != 1 && y != 1)
                return "the tensors' shapes do not broadcast";
            r.d[r.rank - i] = x == 1 ? y : x;
        }
        s = r;
    }
    *out = s;
    return NULL;
}

/* A reduction: the axis removed, or kept with size 1. */
static const char *reduce(const struct nn_elem *e, const struct nn_shape *in,
                          struct nn_shape *out)
{
    int ax = nn_top_reduce_axis(e, in->rank);
    if (ax < 0)
        return "reduce_dim is not a data axis (the batch axis is 0)";
    if (e->kind == NN_K_OP_VAR && in->d[ax] != NN_SHAPE_ANY && in->d[ax] > 0 &&
        nn_elem_int(e, NN_A_CORRECTION) >= in->d[ax])
        return "correction must be smaller than the size of the axis reduced (it divides "
               "the squares by size - correction)";
    *out = *in;
    if (nn_elem_bool(e, NN_A_REDUCE_KEEPDIMS)) {
        out->d[ax] = 1;
        return NULL;
    }
    for (int i = ax; i + 1 < in->rank; i++)
        out->d[i] = in->d[i + 1];
    out->rank--;
    return NULL;
}

/* ---- subscripts ---- */

/* One optional integer part of an item, from *s up to a ':' or the end; 0
 * when it is empty or an integer (*has says which), -1 otherwise. */
static int int_part(const char **s, int *has, long long *v)
{
    const char *p = *s;
    while (*p == ' ')
        p++;
    *has = *p && *p != ':';
    if (!*has) {
        *s = p;
        return 0;
    }
    char *end;
    errno = 0;
    *v = strtoll(p, &end, 10);
    if (end == p || errno == ERANGE)
        return -1;
    while (*end == ' ')
        end++;
    *s = end;
    return *end && *end != ':' ? -1 : 0;
}

int nn_top_index_parse(const char *s, struct nn_top_index *out)
{
    int has_step = 0;
    memset(out, 0, sizeof *out);
    out->step = 1;
    if (int_part(&s, &out->has_start, &out->start))
        return -1;
    if (!*s)
        return out->has_start ? 0 : -1; /* an index; "" is nothing */
    out->slice = 1;
    s++;
    if (int_part(&s, &out->has_stop, &out->stop))
        return -1;
    if (*s == ':') {
        s++;
        if (int_part(&s, &has_step, &out->step) || *s)
            return -1;
        out->step = has_step ? out->step : 1;
    }
    return out->step > 0 ? 0 : -1;
}

const char *nn_top_index_text(struct nn_arena *a, const struct nn_top_index *x)
{
    if (!x->slice)
        return nn_arena_printf(a, "%lld", x->start);
    const char *lo = x->has_start ? nn_arena_printf(a, "%lld", x->start) : "";
    const char *hi = x->has_stop ? nn_arena_printf(a, "%lld", x->stop) : "";
    if (x->step != 1)
        return nn_arena_printf(a, "%s:%s:%lld", lo, hi, x->step);
    return nn_arena_printf(a, "%s:%s", lo, hi);
}

int nn_top_indices(const struct nn_elem *e, struct nn_top_index *out)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_SUBSCRIPT_INDICES);
    if (!a || a->v.type != NN_V_LIST || a->v.n > NN_TOP_MAX_INDICES)
        return -1;
    for (size_t i = 0; i < a->v.n; i++)
        if (!a->v.items[i].s || nn_top_index_parse(a->v.items[i].s, &out[i]))
            return -1;
    return (int)a->v.n;
}

void nn_top_set_indices(struct nn_model *m, struct nn_elem *e, const struct nn_top_index *x,
                        size_t n)
{
    struct nn_value v = {.type = NN_V_LIST, .n = n};
    v.items = nn_arena_alloc(&m->arena, (n ? n : 1) * sizeof *v.items);
    for (size_t i = 0; v.items && i < n; i++) {
        v.items[i].type = NN_V_STRING;
        v.items[i].s = nn_top_index_text(&m->arena, &x[i]);
        if (!v.items[i].s)
            return;
    }
    if (v.items)
        nn_elem_set(m, e, NN_A_SUBSCRIPT_INDICES, v);
}

/* The length of slice x over an axis of size n (Python's rule, step > 0). */
static long long slice_len(const struct nn_top_index *x, long long n)
{
    long long lo = x->has_start ? x->start : 0, hi = x->has_stop ? x->stop : n;
    lo = lo < 0 ? (lo + n < 0 ? 0 : lo + n) : (lo > n ? n : lo);
    hi = hi < 0 ? (hi + n < 0 ? 0 : hi + n) : (hi > n ? n : hi);
    return hi <= lo ? 0 : (hi - lo - 1) / x->step + 1;
}

/* A subscript: indexed axes go, sliced ones keep what the slice selects. */
static const char *subscript(const struct nn_elem *e, const struct nn_shape *in,
                             struct nn_shape *out)
{
    struct nn_top_index x[NN_TOP_MAX_INDICES];
    int n = nn_top_indices(e, x);
    if (n < 1 || n > in->rank + 1)
        return "subscript_indices has more items than the input has axes";
    out->rank = 0;
    for (int i = 0; i < in->rank; i++) {
        long long d = in->d[i];
        if (i + 1 >= n) {
            out->d[out->rank++] = d;
        } else if (!x[i + 1].slice) {
            if (d != NN_SHAPE_ANY && (x[i + 1].start >= d || x[i + 1].start < -d))
                return "an index of subscript_indices is out of range";
        } else if ((out->d[out->rank++] = slice_len(&x[i + 1], d)) == 0) {
            return "a slice of subscript_indices selects nothing";
        }
    }
    return NULL;
}

const char *nn_top_shape(const struct nn_elem *e, const struct nn_shape *in, size_t nin,
                         struct nn_shape *out)
{
    switch (nn_top_class(e->kind)) {
    case NN_TOP_SUBSCRIPT:
        if (nin != 1 || in[0].rank < 1)
            return "takes one tensor";
        return subscript(e, &in[0], out);
    case NN_TOP_NORMALIZE:
        if (nin != 1 || in[0].rank < 1)
            return "takes one tensor";
        *out = in[0];
        return nn_top_reduce_axis(e, in[0].rank) < 0 ? "reduce_dim is not a data axis (the "
                                                       "batch axis is 0)" : NULL;
    case NN_TOP_BINOP:
        if (nin != 2)
            return "takes two operands";
        return broadcast(in, nin, out);
    case NN_TOP_REDUCE:
    case NN_TOP_UNARY:
        if (nin != 1 || in[0].rank < 1)
            return "takes one tensor";
        if (nn_top_class(e->kind) == NN_TOP_REDUCE)
            return reduce(e, &in[0], out);
        *out = in[0];
        return NULL;
    default: NN_UNREACHABLE();
    }
}

/* Does e's subscript leave the batch axis whole (its first item ":")? */
static int first_is_batch(const struct nn_elem *e)
{
    struct nn_top_index x[NN_TOP_MAX_INDICES];
    return nn_top_indices(e, x) >= 1 && x[0].slice && !x[0].has_start && !x[0].has_stop &&
           x[0].step == 1;
}

const char *nn_top_check(const struct nn_elem *e)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
    size_t n = a && a->v.type == NN_V_LIST ? a->v.n : 0, tensors = 0;
    for (size_t i = 0; i < n; i++)
        tensors += a->v.items[i].type != NN_V_INT && a->v.items[i].type != NN_V_FLOAT;
    switch (nn_top_class(e->kind)) {
    case NN_TOP_BINOP:
        return n == 2 && tensors >= 1 ? NULL : "layers_of_tensors must list two operands, "
                                               "at least one of them a module";
    case NN_TOP_SUBSCRIPT:
        if (!first_is_batch(e))
            return "subscript_indices must be indices (\"-1\") or slices (\"1:5:2\", a "
                   "positive step), the first \":\" (the batch axis), at most 9 of them";
        /* fall through */
    case NN_TOP_REDUCE:
    case NN_TOP_NORMALIZE:
    case NN_TOP_UNARY:
        return n <= 1 && tensors == n ? NULL : "layers_of_tensors may list one module only";
    default: return NULL;
    }
}
