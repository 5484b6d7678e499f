/* torch_tensor.c - the PyTorch reader's arithmetic, element-wise and
 * reduction tensor ops (tensorops): torch.sub/div, torch.sum/mean/amax/amin
 * over any axes, exp, log, sqrt, abs, neg, pow (and x ** k), clamp. */
#include <string.h>

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
    struct nn_mval *v = nn_m2m_kwarg(a, kw);
    v = v ? v : pos < a->npos ? a->pos[pos] : NULL;
    return v && v->kind != NN_MV_NONE ? v : NULL;
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

/* keepdim by keyword or as the positional argument after the dims. */
static int keepdim(struct nn_m2m_args *a, size_t skip)
{
    struct nn_mval *k = nn_m2m_kwarg(a, "keepdim");
    if (!k && a->npos > skip + 1)
        k = a->pos[skip + 1];
    return k ? nn_m2m_truth(k) : 0;
}

struct nn_mval *nn_torch_top_fn(struct torch_ctx *c, const struct nn_py_node *at,
                                const char *name, struct nn_mval *x, struct nn_m2m_args *a,
                                size_t skip)
{
    enum nn_kind k = fn_kind(name);
    struct nn_mval *other = num_arg(a, "other", skip);
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
