/* keras_tensor.c - the Keras reader's arithmetic, element-wise and
 * reduction tensor ops (tensorops): keras.ops / tf subtract, divide,
 * mean/max/sum/min with any axes and keepdims, exp, log, sqrt, abs,
 * negative, power, clip, maximum/minimum with a number; the operators
 * -, / and ** on tensors. */
#include <math.h>
#include <string.h>

#include "m2m/keras_int.h"
#include "m2m/subscript.h"
#include "metamodel/tensor_op.h"

static const struct {
    const char *name;
    enum nn_kind kind;
} fns[] = {
#define NN_KERAS_TENSOR_FN(name, kind) {name, NN_K_##kind},
#include "frameworks/tensor_spell.def"
    {"mean", NN_K_OP_MEAN}, {"reduce_mean", NN_K_OP_MEAN}, {"math.reduce_mean", NN_K_OP_MEAN},
    {"max", NN_K_OP_MAX},   {"reduce_max", NN_K_OP_MAX},   {"math.reduce_max", NN_K_OP_MAX},
    {"maximum", NN_K_OP_CLAMP}, {"math.maximum", NN_K_OP_CLAMP},
    {"minimum", NN_K_OP_CLAMP}, {"math.minimum", NN_K_OP_CLAMP},
};

/* The kind keras.ops.name / tf.name reads as, or NN_KIND_COUNT. */
static enum nn_kind fn_kind(const char *name)
{
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
        if (strcmp(fns[i].name, name) == 0)
            return fns[i].kind;
    return NN_KIND_COUNT;
}

/* An argument by keyword or position (None counts as absent), or NULL. */
static struct nn_mval *arg(struct nn_m2m_args *a, const char *kw, size_t pos)
{
    return nn_m2m_arg_at(a, kw, pos, 1);
}

static struct nn_mval *split(struct keras_ctx *c, const struct nn_py_node *at, const char *name,
                             struct nn_mval *x, struct nn_m2m_args *a);

/* A one-input op of kind k on tensor t; the op, or NULL. */
static struct nn_elem *unary(struct keras_ctx *c, enum nn_kind k, const char *base,
                             struct k_tensor *t)
{
    return nn_keras_emit_op(c, k, base, &t->src, 1, 0);
}

/* Does a mean/max over axes without keepdims reduce exactly every spatial
 * or time axis?  That is global pooling, which keras_flow.c reads. */
static int pool_fits(struct k_tensor *t, struct nn_mval *axes, int keep)
{
    long long d[8];
    size_t n = 0;
    unsigned mask = 0, want = 0;
    if (keep || !axes || t->rank < 3 || nn_m2m_dims(axes, 0, d, &n) || n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        mask |= 1u << (d[i] < 0 ? d[i] + t->rank : d[i]);
    for (int i = 1; i < t->rank - 1; i++)
        want |= 1u << i;
    return mask == want;
}

/* A reduction of kind k over `axes`: one op per axis, the highest first. */
static struct nn_mval *reduce(struct keras_ctx *c, const struct nn_py_node *at, enum nn_kind k,
                              const char *name, struct nn_mval *x, struct nn_mval *axes, int keep)
{
    long long d[8];
    size_t n = 0;
    int r = ((struct k_tensor *)x->ptr)->rank;
    if (!axes || nn_m2m_dims(axes, 0, d, &n) || n == 0)
        return nn_m2m_unmappable(&c->t.ev, at, "%s over all axes or axes not known statically "
                                             "has no pivot equivalent (name the axes)", name);
    if (r < 2 || r > 9)
        return nn_m2m_unmappable(&c->t.ev, at, "%s of a tensor of unknown rank", name);
    unsigned mask = 0;
    for (size_t i = 0; i < n; i++) {
        long long ax = d[i] < 0 ? d[i] + r : d[i];
        if (ax < 1 || ax >= r)
            return nn_m2m_unmappable(&c->t.ev, at, "%s over the batch axis or an axis the tensor "
                                                 "does not have", name);
        mask |= 1u << ax;
    }
    if (k == NN_K_OP_VAR && (mask & (mask - 1)) != 0) /* not one axis after another */
        return nn_m2m_unmappable(&c->t.ev, at, "%s over several axes has no pivot equivalent "
                                             "(one axis at a time)", name);
    for (int ax = r - 1; ax >= 1 && x; ax--) {
        if (!(mask >> ax & 1u))
            continue;
        struct k_tensor *t = x->ptr;
        struct nn_elem *e = unary(c, k, nn_kind_name(k), t);
        if (!e)
            return NULL;
        nn_elem_set_int(c->t.m, e, NN_A_REDUCE_DIM, ax);
        if (k == NN_K_OP_VAR) /* Keras's variance divides by the size: no correction */
            nn_elem_set_int(c->t.m, e, NN_A_CORRECTION, 0);
        if (keep)
            nn_elem_set_bool(c->t.m, e, NN_A_REDUCE_KEEPDIMS, 1);
        x = nn_keras_tensor(c, e->name, keep ? t->rank : t->rank - 1);
    }
    return x;
}

/* clip(x, lo, hi), clip_by_value, and maximum/minimum of x and a number. */
static struct nn_mval *clamp(struct keras_ctx *c, const struct nn_py_node *at, const char *name,
                             struct nn_mval *x, struct nn_m2m_args *a)
{
    struct nn_mval *lo, *hi;
    if (strstr(name, "maximum") || strstr(name, "minimum")) {
        struct nn_mval *y = arg(a, "x2", 1);
        int max = strstr(name, "maximum") != NULL;
        lo = max ? y : NULL;
        hi = max ? NULL : y;
    } else {
        lo = arg(a, "x_min", 1) ? arg(a, "x_min", 1) : arg(a, "clip_value_min", 1);
        hi = arg(a, "x_max", 2) ? arg(a, "x_max", 2) : arg(a, "clip_value_max", 2);
    }
    if ((lo && !nn_m2m_is_num(lo)) || (hi && !nn_m2m_is_num(hi)) || (!lo && !hi))
        return nn_m2m_unmappable(&c->t.ev, at, "%s needs number bounds known statically", name);
    struct k_tensor *t = x->ptr;
    struct nn_elem *e = unary(c, NN_K_OP_CLAMP, "clip", t);
    if (e && lo)
        nn_elem_set_float(c->t.m, e, NN_A_CLAMP_MIN, nn_m2m_num(lo));
    if (e && hi)
        nn_elem_set_float(c->t.m, e, NN_A_CLAMP_MAX, nn_m2m_num(hi));
    return e ? nn_keras_tensor(c, e->name, t->rank) : NULL;
}

/* ops.normalize(x, axis=-1, order=2) divides by max(norm, 1e-7), Keras'
 * epsilon; tf.math.l2_normalize(x, axis, epsilon=1e-12) by
 * sqrt(max(sum of squares, epsilon)), so its eps is sqrt(epsilon). */
static struct nn_mval *normalize(struct keras_ctx *c, const struct nn_py_node *at,
                                 const char *name, struct nn_mval *x, struct nn_m2m_args *a)
{
    struct k_tensor *t = x->ptr;
    int ops = strcmp(name, "normalize") == 0;
    struct nn_mval *ax = arg(a, "axis", 1), *order = ops ? arg(a, "order", 2) : NULL;
    struct nn_mval *eps = ops ? NULL : arg(a, "epsilon", 2);
    long long d = ax ? (ax->kind == NN_MV_INT ? ax->i : 0) : ops ? -1 : 0;
    d = d < 0 && t->rank > 0 ? d + t->rank : d;
    if ((order && (!nn_m2m_is_num(order) || nn_m2m_num(order) != 2)) ||
        (eps && !nn_m2m_is_num(eps)) || d < 1 || (t->rank > 0 && d >= t->rank))
        return nn_m2m_unmappable(&c->t.ev, at, "%s has a pivot equivalent only for the L2 norm "
                                             "over one axis other than the batch", name);
    struct nn_elem *e = unary(c, NN_K_OP_NORMALIZE, "normalize", t);
    if (!e)
        return NULL;
    nn_elem_set_int(c->t.m, e, NN_A_REDUCE_DIM, d);
    nn_elem_set_float(c->t.m, e, NN_A_EPS, ops ? 1e-7 : sqrt(eps ? nn_m2m_num(eps) : 1e-12));
    return nn_keras_tensor(c, e->name, t->rank);
}

/* x ** p / ops.power(x, p) with a number exponent. */
static struct nn_mval *power(struct keras_ctx *c, const struct nn_py_node *at, struct nn_mval *x,
                             struct nn_mval *p)
{
    if (!p || !nn_m2m_is_num(p))
        return nn_m2m_unmappable(&c->t.ev, at, "a power of a tensor needs a number exponent "
                                             "known statically");
    if (!(x = nn_keras_as_tensor(c, at, x)) || x->kind != NN_MV_HOST)
        return x;
    struct k_tensor *t = x->ptr;
    struct nn_elem *e = unary(c, NN_K_OP_POW, "pow", t);
    if (e)
        nn_elem_set_float(c->t.m, e, NN_A_EXPONENT, nn_m2m_num(p));
    return e ? nn_keras_tensor(c, e->name, t->rank) : NULL;
}

struct nn_mval *nn_keras_top_binop(struct keras_ctx *c, const struct nn_py_node *at, int op,
                                   struct nn_mval *a, struct nn_mval *b)
{
    if (op == NN_PYOP_Pow)
        return power(c, at, a, b);
    enum nn_kind k = op == NN_PYOP_Sub ? NN_K_OP_SUBTRACT : op == NN_PYOP_Div ? NN_K_OP_DIVIDE
                   : op == NN_PYOP_Add ? NN_K_OP_ADD : NN_K_OP_MULTIPLY;
    struct nn_mval *v[2] = {a, b};
    const char *srcs[2];
    int rank = -1;
    for (int i = 0; i < 2; i++) {
        if (nn_m2m_is_num(v[i])) {
            srcs[i] = nn_arena_printf(c->t.ev.a, "#%.17g", nn_m2m_num(v[i]));
            continue;
        }
        if (!(v[i] = nn_keras_as_tensor(c, at, v[i])) || v[i]->kind != NN_MV_HOST)
            return v[i];
        srcs[i] = ((struct k_tensor *)v[i]->ptr)->src;
        rank = ((struct k_tensor *)v[i]->ptr)->rank;
    }
    const char *base = k == NN_K_OP_SUBTRACT ? "subtract" : k == NN_K_OP_DIVIDE ? "divide"
                     : nn_kind_name(k);
    struct nn_elem *e = nn_keras_emit_op(c, k, base, srcs, 2, 1);
    return e ? nn_keras_tensor(c, e->name, rank) : NULL;
}

/* The call's tensor: the first positional argument or x=. */
static struct nn_mval *first(struct keras_ctx *c, const struct nn_py_node *at,
                             struct nn_m2m_args *a)
{
    struct nn_mval *x = arg(a, "x", 0);
    x = x ? x : nn_m2m_kwarg(a, "input_tensor");
    x = x ? x : nn_m2m_kwarg(a, "value");
    if (!x)
        return nn_m2m_unmappable(&c->t.ev, at, "a tensor operation without a tensor argument");
    return nn_keras_as_tensor(c, at, x);
}

struct nn_mval *nn_keras_top_call(struct keras_ctx *c, const struct nn_py_node *at,
                                  const char *name, struct nn_m2m_args *a)
{
    enum nn_kind k = fn_kind(name);
    if (strcmp(name, "split") == 0 || strcmp(name, "ops.split") == 0) {
        struct nn_mval *x = first(c, at, a);
        return x && x->kind == NN_MV_HOST ? split(c, at, name, x, a) : x;
    }
    if (!strcmp(name, "normalize") || !strcmp(name, "math.l2_normalize") ||
        !strcmp(name, "nn.l2_normalize") || !strcmp(name, "square") ||
        !strcmp(name, "math.square")) {
        struct nn_mval *x = first(c, at, a);
        if (!x || x->kind != NN_MV_HOST)
            return x;
        return strstr(name, "square") ? power(c, at, x, nn_m2m_int(&c->t.ev, 2))
                                      : normalize(c, at, name, x, a);
    }
    if (k == NN_KIND_COUNT)
        return &nn_m2m_unhandled;
    if (nn_top_class(k) == NN_TOP_BINOP)
        return a->npos == 2 ? nn_keras_top_binop(c, at, k == NN_K_OP_SUBTRACT ? NN_PYOP_Sub
                                                 : NN_PYOP_Div, a->pos[0], a->pos[1])
                            : nn_m2m_unmappable(&c->t.ev, at, "%s takes two operands", name);
    struct nn_mval *x = first(c, at, a);
    if (!x || x->kind != NN_MV_HOST)
        return x;
    if (k == NN_K_OP_POW)
        return power(c, at, x, arg(a, "x2", 1) ? arg(a, "x2", 1) : arg(a, "y", 1));
    if (k == NN_K_OP_CLAMP)
        return clamp(c, at, name, x, a);
    if (nn_top_class(k) == NN_TOP_REDUCE) {
        struct nn_mval *axes = arg(a, "axis", 1), *kd = arg(a, "keepdims", 2);
        int keep = kd ? nn_m2m_truth(kd) : 0;
        if (keep < 0)
            return nn_m2m_unmappable(&c->t.ev, at, "keepdims must be known statically");
        if ((k == NN_K_OP_MEAN || k == NN_K_OP_MAX) && pool_fits(x->ptr, axes, keep))
            return &nn_m2m_unhandled; /* global pooling */
        return reduce(c, at, k, name, x, axes, keep);
    }
    struct k_tensor *t = x->ptr;
    struct nn_elem *e = unary(c, k, nn_kind_name(k), t);
    return e ? nn_keras_tensor(c, e->name, t->rank) : NULL;
}

/* The subscript op of items s[0..n) applied to tensor x (the pivot's axes). */
static struct nn_mval *subscript(struct keras_ctx *c, struct nn_mval *x, struct nn_top_index *s,
                                 int n)
{
    struct k_tensor *t = x->ptr;
    int dropped = 0;
    for (int i = 0; i < n; i++)
        dropped += !s[i].slice;
    while (n > 1 && nn_m2m_whole(&s[n - 1]))
        n--;
    if (n == 1)
        return x; /* x[:], x[...] */
    struct nn_elem *e = unary(c, NN_K_OP_SUBSCRIPT, "subscript", t);
    if (!e)
        return NULL;
    nn_top_set_indices(c->t.m, e, s, (size_t)n);
    return nn_keras_tensor(c, e->name, t->rank < 0 ? -1 : t->rank - dropped);
}

struct nn_mval *nn_keras_top_subscript(struct keras_ctx *c, const struct nn_py_node *at,
                                       struct nn_mval *x, const struct nn_py_node *index)
{
    struct nn_top_index s[NN_TOP_MAX_INDICES];
    int n = 0;
    if (!(x = nn_keras_as_tensor(c, at, x)) || x->kind != NN_MV_HOST)
        return x;
    const char *why = nn_m2m_subscript(&c->t.ev, index, ((struct k_tensor *)x->ptr)->rank, s, &n);
    if (why)
        return nn_m2m_unmappable(&c->t.ev, at, "%s", why);
    return subscript(c, x, s, n);
}

/* ops.split(x, [i, j], axis) (split points) and tf.split(x, [a, b], axis)
 * (sizes): a list of slices along the axis.  A number of equal pieces
 * needs the axis' size, which the reader does not know while it reads. */
static struct nn_mval *split(struct keras_ctx *c, const struct nn_py_node *at, const char *name,
                             struct nn_mval *x, struct nn_m2m_args *a)
{
    int tf = strcmp(name, "ops.split") != 0; /* tf.split takes sizes */
    struct nn_mval *how = tf ? arg(a, "num_or_size_splits", 1) : arg(a, "indices_or_sections", 1);
    struct nn_mval *ax = arg(a, "axis", 2);
    int r = ((struct k_tensor *)x->ptr)->rank;
    long long d = ax && ax->kind == NN_MV_INT ? ax->i : 0;
    d = d < 0 && r > 0 ? d + r : d;
    if (!how || (how->kind != NN_MV_LIST && how->kind != NN_MV_TUPLE) || how->n < 1 ||
        how->n > 64 || d < 1 || (r > 0 && d >= r) || d >= NN_TOP_MAX_INDICES)
        return nn_m2m_unmappable(&c->t.ev, at, "%s needs a list of %s known statically and an axis "
                                             "other than the batch", name,
                                 tf ? "sizes" : "split points");
    size_t k = tf ? how->n : how->n + 1;
    struct nn_mval *res = nn_m2m_seq(&c->t.ev, NN_MV_LIST, k);
    long long lo = 0;
    for (size_t i = 0; res && i < k; i++) {
        struct nn_mval *v = i < how->n ? how->items[i] : NULL;
        if (v && v->kind != NN_MV_INT)
            return nn_m2m_unmappable(&c->t.ev, at, "%s with a piece not known statically", name);
        long long hi = v ? (tf ? lo + v->i : v->i) : 0;
        int last = i + 1 == k;
        struct nn_top_index s[NN_TOP_MAX_INDICES];
        for (long long j = 0; j <= d; j++)
            s[j] = (struct nn_top_index){.slice = 1, .step = 1};
        s[d] = (struct nn_top_index){.slice = 1, .has_start = lo != 0, .start = lo,
                                     .has_stop = !last, .stop = hi, .step = 1};
        struct nn_mval *piece = subscript(c, x, s, (int)d + 1);
        if (!piece)
            return NULL;
        nn_m2m_push(&c->t.ev, res, piece);
        lo = hi;
    }
    return res;
}

struct nn_mval *nn_keras_top_rescale(struct keras_ctx *c, const struct nn_py_node *at,
                                     struct k_layer *l, struct nn_mval *x)
{
    struct nn_mval *scale = l->rescale, *offset = l->offset;
    if ((scale && !nn_m2m_is_num(scale)) || (offset && !nn_m2m_is_num(offset)))
        return nn_m2m_unmappable(&c->t.ev, at, "Rescaling needs a number scale and offset known "
                                             "statically (per-channel ones have no pivot "
                                             "equivalent)");
    if (scale && nn_m2m_num(scale) != 1)
        x = nn_keras_top_binop(c, at, NN_PYOP_Mult, x, scale);
    if (x && x->kind == NN_MV_HOST && offset && nn_m2m_num(offset) != 0)
        x = nn_keras_top_binop(c, at, NN_PYOP_Add, x, offset);
    return x;
}
