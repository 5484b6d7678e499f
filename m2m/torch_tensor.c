/* torch_tensor.c - the PyTorch reader's arithmetic, element-wise and
 * reduction tensor ops (tensorops): torch.sub/div, torch.sum/mean/amax/amin
 * over any axes, exp, log, sqrt, abs, neg, pow (and x ** k), clamp. */
#include <string.h>

#include "m2m/subscript.h"
#include "m2m/torch_int.h"
#include "metamodel/tensor_op.h"

static const struct {
    const char *name;
    enum nn_kind kind;
} fns[] = {
#define NN_TORCH_TENSOR_FN(name, kind) {name, NN_K_##kind},
#include "frameworks/tensor_spell.def"
};

/* The kind torch.name / x.name reads as, or NN_KIND_COUNT. */
static enum nn_kind fn_kind(const char *name)
{
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
        if (strcmp(fns[i].name, name) == 0)
            return fns[i].kind;
    return NN_KIND_COUNT;
}

static struct nn_mval *split(struct torch_ctx *c, const struct nn_py_node *at, struct nn_mval *x,
                             struct nn_m2m_args *a, size_t skip, int chunk);

/* A one-input op on t (kept in its storage) named base. */
static struct nn_elem *unary(struct torch_ctx *c, enum nn_kind k, const char *base,
                             struct t_tensor *t)
{
    return nn_torch_emit_op(c, k, base, &t->src, 1, 0);
}

/* One reduction over source axis d of x (rank r with the batch). */
static struct nn_mval *reduce_one(struct torch_ctx *c, enum nn_kind k, const char *base,
                                  struct t_tensor *t, long long d, int keep)
{
    int r = t->rank, cl = t->cl && r >= 3;
    long long pd = cl ? (d == 1 ? r - 1 : d - 1) : d; /* the pivot's (channel-last) axis */
    struct nn_elem *e = unary(c, k, base, t);
    if (!e)
        return NULL;
    nn_elem_set_int(c->t.m, e, NN_A_REDUCE_DIM, pd);
    if (keep)
        nn_elem_set_bool(c->t.m, e, NN_A_REDUCE_KEEPDIMS, 1);
    int nr = keep ? r : r - 1;
    return nn_torch_tensor(c, e->name, nr, cl && nr >= 3 && (keep || d != 1));
}

/* Is bit i of m set? */
static int has(unsigned m, int i)
{
    return (int)(m >> i & 1u);
}

/* A reduction over the source dims `dims` (an int or a tuple): one op per
 * axis, the highest first so the lower ones keep their numbers. */
struct nn_mval *nn_torch_top_reduce(struct torch_ctx *c, const struct nn_py_node *at,
                                    struct nn_mval *x, enum nn_kind k, const char *base,
                                    struct nn_mval *dims, int keep)
{
    long long d[8];
    size_t n = 0;
    int r = ((struct t_tensor *)x->ptr)->rank;
    if (!dims || nn_m2m_dims(dims, 0, d, &n) || n == 0)
        return nn_m2m_unmappable(&c->t.ev, at, "%s over all axes or axes not known statically "
                                             "has no pivot equivalent (name the dims)", base);
    if (r < 2 || r > 9)
        return nn_m2m_unmappable(&c->t.ev, at, "%s of a tensor of unknown rank (nnc knows it when "
                                             "the file calls the model on a sample input)", base);
    unsigned mask = 0;
    for (size_t i = 0; i < n; i++) {
        long long a = d[i] < 0 ? d[i] + r : d[i];
        if (a < 1 || a >= r)
            return nn_m2m_unmappable(&c->t.ev, at, "%s over the batch axis or a dim the tensor "
                                                 "does not have", base);
        mask |= 1u << a;
    }
    for (int a = r - 1; a >= 1 && x; a--)
        if (has(mask, a))
            x = reduce_one(c, k, base, x->ptr, a, keep);
    return x;
}

/* A number argument by keyword or position, or NULL. */
static struct nn_mval *num_arg(struct nn_m2m_args *a, const char *kw, size_t pos)
{
    return nn_m2m_arg_at(a, kw, pos, 1);
}

/* clamp(min, max): the bounds must be numbers; one may be missing. */
static struct nn_mval *clamp(struct torch_ctx *c, const struct nn_py_node *at, struct t_tensor *t,
                             struct nn_m2m_args *a, size_t skip)
{
    struct nn_mval *lo = num_arg(a, "min", skip), *hi = num_arg(a, "max", skip + 1);
    if ((lo && !nn_m2m_is_num(lo)) || (hi && !nn_m2m_is_num(hi)) || (!lo && !hi))
        return nn_m2m_unmappable(&c->t.ev, at, "clamp needs number bounds known statically");
    struct nn_elem *e = unary(c, NN_K_OP_CLAMP, "clamp", t);
    if (e && lo)
        nn_elem_set_float(c->t.m, e, NN_A_CLAMP_MIN, nn_m2m_num(lo));
    if (e && hi)
        nn_elem_set_float(c->t.m, e, NN_A_CLAMP_MAX, nn_m2m_num(hi));
    return e ? nn_torch_tensor(c, e->name, t->rank, t->cl) : NULL;
}

struct nn_mval *nn_torch_top_pow(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *x, struct nn_mval *p)
{
    if (!p || !nn_m2m_is_num(p))
        return nn_m2m_unmappable(&c->t.ev, at, "a power of a tensor needs a number exponent "
                                             "known statically");
    if (!(x = nn_torch_as_tensor(c, at, x)) || x->kind != NN_MV_HOST)
        return x;
    struct t_tensor *t = x->ptr;
    struct nn_elem *e = unary(c, NN_K_OP_POW, "pow", t);
    if (e)
        nn_elem_set_float(c->t.m, e, NN_A_EXPONENT, nn_m2m_num(p));
    return e ? nn_torch_tensor(c, e->name, t->rank, t->cl) : NULL;
}

/* F.normalize(x, p=2.0, dim=1, eps=1e-12): the L2 norm only. */
static struct nn_mval *normalize(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    struct t_tensor *t = x->ptr;
    struct nn_mval *p = num_arg(a, "p", skip), *dim = num_arg(a, "dim", skip + 1);
    struct nn_mval *eps = num_arg(a, "eps", skip + 2);
    long long d = dim ? (dim->kind == NN_MV_INT ? dim->i : -99) : 1;
    d = d < 0 && d != -99 && t->rank > 0 ? d + t->rank : d;
    if ((p && (!nn_m2m_is_num(p) || nn_m2m_num(p) != 2)) || (eps && !nn_m2m_is_num(eps)) ||
        d < 1 || t->rank < 2 || d >= t->rank)
        return nn_m2m_unmappable(&c->t.ev, at, "F.normalize has a pivot equivalent only for "
                                             "p=2 over a dim other than the batch, known "
                                             "statically (rank known)");
    int cl = t->cl && t->rank >= 3;
    struct nn_elem *e = unary(c, NN_K_OP_NORMALIZE, "normalize", t);
    if (!e)
        return NULL;
    nn_elem_set_int(c->t.m, e, NN_A_REDUCE_DIM, cl ? (d == 1 ? t->rank - 1 : d - 1) : d);
    if (eps)
        nn_elem_set_float(c->t.m, e, NN_A_EPS, nn_m2m_num(eps));
    return nn_torch_tensor(c, e->name, t->rank, t->cl);
}

/* keepdim by keyword or as the positional argument after the dims. */
static int keepdim(struct nn_m2m_args *a, size_t skip)
{
    struct nn_mval *k = nn_m2m_kwarg(a, "keepdim");
    if (!k && a->npos > skip + 1)
        k = a->pos[skip + 1];
    return k ? nn_m2m_truth(k) : 0;
}

/* var and std over one dim: var(dim, unbiased, keepdim) or var(dim,
 * correction=, keepdim=) (std: the square root of that var).  Several dims
 * are refused: unlike a mean, a variance is not one axis after another. */
static struct nn_mval *variance(struct torch_ctx *c, const struct nn_py_node *at,
                                const char *name, struct nn_mval *x, struct nn_m2m_args *a,
                                size_t skip)
{
    struct nn_mval *dims = num_arg(a, "dim", skip), *unbiased = nn_m2m_kwarg(a, "unbiased");
    struct nn_mval *corr = nn_m2m_kwarg(a, "correction"), *kd = nn_m2m_kwarg(a, "keepdim");
    long long d[8];
    size_t n = 0;
    if (!unbiased && a->npos > skip + 1)
        unbiased = a->pos[skip + 1];
    if (!kd && a->npos > skip + 2)
        kd = a->pos[skip + 2];
    int keep = kd ? nn_m2m_truth(kd) : 0, unb = unbiased ? nn_m2m_truth(unbiased) : 1;
    if (dims && !nn_m2m_dims(dims, 0, d, &n) && n > 1)
        return nn_m2m_unmappable(&c->t.ev, at, "%s over several dims has no pivot equivalent "
                                 "(one dim at a time)", name);
    if (keep < 0 || unb < 0 || (corr && (corr->kind != NN_MV_INT || corr->i < 0)) ||
        (corr && unbiased))
        return nn_m2m_unmappable(&c->t.ev, at, "%s needs keepdim, unbiased and an int correction "
                                 "known statically", name);
    long long correction = corr ? corr->i : unb;
    size_t before = c->t.net->nops;
    x = nn_torch_top_reduce(c, at, x, NN_K_OP_VAR, "var", dims, keep);
    if (!x || x->kind != NN_MV_HOST || c->t.net->nops != before + 1)
        return x;
    /* the op just added: the pivot's correction has no default PyTorch shares */
    nn_elem_set_int(c->t.m, &c->t.net->ops[before], NN_A_CORRECTION, correction);
    if (name[0] != 's')
        return x;
    struct t_tensor *t = x->ptr;
    struct nn_elem *e = unary(c, NN_K_OP_SQRT, "std", t);
    return e ? nn_torch_tensor(c, e->name, t->rank, t->cl) : NULL;
}

struct nn_mval *nn_torch_top_fn(struct torch_ctx *c, const struct nn_py_node *at,
                                const char *name, struct nn_mval *x, struct nn_m2m_args *a,
                                size_t skip)
{
    if (strcmp(name, "var") == 0 || strcmp(name, "std") == 0)
        return variance(c, at, name, x, a, skip);
    enum nn_kind k = fn_kind(name);
    struct nn_mval *other = num_arg(a, "other", skip);
    if (strcmp(name, "chunk") == 0 || strcmp(name, "split") == 0)
        return split(c, at, x, a, skip, name[0] == 'c');
    if (strcmp(name, "normalize") == 0)
        return normalize(c, at, x, a, skip);
    if (strcmp(name, "square") == 0)
        return nn_torch_top_pow(c, at, x, nn_m2m_int(&c->t.ev, 2));
    if (k == NN_KIND_COUNT)
        return &nn_m2m_unhandled;
    if (nn_top_class(k) == NN_TOP_BINOP) {
        if (!other || nn_m2m_kwarg(a, "alpha") || nn_m2m_kwarg(a, "rounding_mode"))
            return nn_m2m_unmappable(&c->t.ev, at, "torch.%s with these arguments has no pivot "
                                                 "equivalent", name);
        return nn_torch_binop(&c->t.ev, at, k == NN_K_OP_SUBTRACT ? NN_PYOP_Sub : NN_PYOP_Div, x,
                              other);
    }
    if (k == NN_K_OP_POW)
        return nn_torch_top_pow(c, at, x, num_arg(a, "exponent", skip));
    if (nn_top_class(k) == NN_TOP_REDUCE) {
        struct nn_mval *dims = num_arg(a, "dim", skip);
        int keep = keepdim(a, skip);
        if (keep < 0)
            return nn_m2m_unmappable(&c->t.ev, at, "keepdim must be known statically");
        return nn_torch_top_reduce(c, at, x, k, name, dims, keep);
    }
    if (k == NN_K_OP_CLAMP)
        return clamp(c, at, x->ptr, a, skip);
    struct t_tensor *t = x->ptr;
    struct nn_elem *e = unary(c, k, name, t);
    return e ? nn_torch_tensor(c, e->name, t->rank, t->cl) : NULL;
}

/* The pivot items of source items s[0..n) of a tensor stored channel-last
 * (cl): the channel item (1) moves last. */
static void pivot_items(const struct nn_top_index *s, int n, int cl, struct nn_top_index *p)
{
    for (int i = 0; i < n; i++)
        p[i] = !cl ? s[i] : i == 0 ? s[0] : i == n - 1 ? s[1] : s[i + 1];
}

/* The subscript op of source items s[0..n) (s[0] whole) applied to x. */
static struct nn_mval *subscript(struct torch_ctx *c, struct nn_mval *x, struct nn_top_index *s,
                                 int n)
{
    struct t_tensor *t = x->ptr;
    struct nn_top_index p[NN_TOP_MAX_INDICES];
    int cl = t->cl && t->rank >= 3, dropped = 0;
    for (int i = 0; i < n; i++)
        dropped += !s[i].slice;
    int keeps_channel = n < 2 || s[1].slice;
    pivot_items(s, n, cl, p);
    while (n > 1 && nn_m2m_whole(&p[n - 1]))
        n--;
    if (n == 1)
        return x; /* x[:], x[...] */
    struct nn_elem *e = unary(c, NN_K_OP_SUBSCRIPT, "subscript", t);
    if (!e)
        return NULL;
    nn_top_set_indices(c->t.m, e, p, (size_t)n);
    int r = t->rank < 0 ? -1 : t->rank - dropped;
    return nn_torch_tensor(c, e->name, r, cl && keeps_channel && r >= 3);
}

struct nn_mval *nn_torch_top_subscript(struct torch_ctx *c, const struct nn_py_node *at,
                                       struct nn_mval *x, const struct nn_py_node *index)
{
    struct nn_top_index s[NN_TOP_MAX_INDICES];
    int n = 0;
    const char *why = nn_m2m_subscript(&c->t.ev, index, ((struct t_tensor *)x->ptr)->rank, s, &n);
    if (why)
        return nn_m2m_unmappable(&c->t.ev, at, "%s", why);
    return subscript(c, x, s, n);
}

/* The sizes of the pieces chunk (n pieces at most) or split (pieces of
 * size n, or the sizes of a list) cut an axis of `size` into; their count,
 * or 0 when the arguments do not fit the axis. */
static size_t pieces(struct nn_mval *how, int chunk, long long size, long long *out, size_t max)
{
    size_t k = 0;
    if (how && (how->kind == NN_MV_LIST || how->kind == NN_MV_TUPLE) && !chunk) {
        long long total = 0;
        for (size_t i = 0; i < how->n && i < max; i++) {
            if (how->items[i]->kind != NN_MV_INT || how->items[i]->i < 0)
                return 0;
            total += out[k++] = how->items[i]->i;
        }
        return k == how->n && total == size ? k : 0;
    }
    if (!how || how->kind != NN_MV_INT || how->i < 1 || size < 1)
        return 0;
    long long step = chunk ? size / how->i + (size % how->i != 0) : how->i;
    for (long long left = size; left > 0; left -= out[k++]) {
        if (k == max)
            return 0;
        out[k] = step < left ? step : left;
    }
    return k;
}

/* torch.chunk / torch.split (and the methods): a tuple of slices along dim. */
static struct nn_mval *split(struct torch_ctx *c, const struct nn_py_node *at, struct nn_mval *x,
                             struct nn_m2m_args *a, size_t skip, int chunk)
{
    struct t_tensor *t = x->ptr;
    struct nn_mval *how = num_arg(a, chunk ? "chunks" : "split_size_or_sections", skip);
    struct nn_mval *dim = num_arg(a, "dim", skip + 1);
    long long shape[8], sizes[64], d = dim && dim->kind == NN_MV_INT ? dim->i : 0;
    int r = nn_torch_shape(c, t, shape);
    d = d < 0 && r >= 0 ? d + r + 1 : d;
    if (r < 0 || d < 1 || d > r || r + 1 > NN_TOP_MAX_INDICES)
        return nn_m2m_unmappable(&c->t.ev, at, "%s along the batch axis, or of a tensor whose "
                                             "shape nnc does not know, has no pivot equivalent",
                                 chunk ? "chunk" : "split");
    size_t k = pieces(how, chunk, shape[d - 1], sizes, sizeof sizes / sizeof *sizes);
    if (!k)
        return nn_m2m_unmappable(&c->t.ev, at, "%s with pieces not known statically or not "
                                             "fitting the axis", chunk ? "chunk" : "split");
    struct nn_mval *res = nn_m2m_seq(&c->t.ev, NN_MV_TUPLE, k);
    struct nn_top_index s[NN_TOP_MAX_INDICES];
    long long lo = 0;
    for (size_t i = 0; res && i < k; lo += sizes[i++]) {
        for (int j = 0; j <= r; j++)
            s[j] = (struct nn_top_index){.slice = 1, .step = 1};
        s[d] = (struct nn_top_index){.slice = 1, .has_start = lo > 0, .start = lo,
                                     .has_stop = lo + sizes[i] < shape[d - 1],
                                     .stop = lo + sizes[i], .step = 1};
        struct nn_mval *piece = subscript(c, x, s, r + 1);
        if (!piece)
            return NULL;
        nn_m2m_push(&c->t.ev, res, piece);
    }
    return res;
}
