/* torch_param.c - learned tensors (param): nn.Parameter(torch.ones(dim, 1, 1)
 * * value) and the like in __init__, used in forward as an operand of
 * arithmetic with a tensor (p * x, x + p) or expanded over the batch
 * (p.expand(x.shape[0], -1, -1)): the pivot's Parameter layer, fed by the
 * tensor that gives it its batch. */
#include <string.h>

#include "m2m/torch_int.h"

/* The static fill of a T_FILL or T_ZERO value, or NULL. */
static struct t_fill *fill_of(const struct nn_mval *v)
{
    if (v->kind != NN_MV_HOST || (v->tag != T_FILL && v->tag != T_ZERO))
        return NULL;
    return v->ptr;
}

/* The learned tensor v is, or NULL. */
static struct t_param *param_of(const struct nn_mval *v)
{
    return v->kind == NN_MV_HOST && v->tag == T_PARAM ? v->ptr : NULL;
}

/* The sizes of a shape argument list: ints, or one tuple or list of ints; 0
 * when one is not a positive int known statically. */
static int static_shape(struct nn_mval *const *v, size_t n, struct t_fill *f)
{
    if (n == 1 && (v[0]->kind == NN_MV_TUPLE || v[0]->kind == NN_MV_LIST)) {
        n = v[0]->n;
        v = v[0]->items;
    }
    if (n < 1 || n > 8)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i]->kind != NN_MV_INT || v[i]->i < 1)
            return 0;
        f->shape[i] = v[i]->i;
    }
    f->n = (int)n;
    return 1;
}

/* Only device=, dtype=, requires_grad= (and full's fill_value=) beside the sizes. */
static int plain_kwargs(const struct nn_m2m_args *a)
{
    static const char *const ok[] = {"device", "dtype", "requires_grad", "fill_value", "size"};
    for (size_t i = 0; i < a->nkw; i++) {
        size_t k = 0;
        while (k < sizeof ok / sizeof *ok && strcmp(a->kwname[i], ok[k]) != 0)
            k++;
        if (k == sizeof ok / sizeof *ok)
            return 0;
    }
    return 1;
}

struct nn_mval *nn_torch_fill(struct torch_ctx *c, const struct nn_py_node *at, const char *fn,
                              struct nn_m2m_args *a)
{
    static const char *const fns[] = {"zeros", "ones", "full", "randn", "empty"};
    size_t k = 0;
    while (k < sizeof fns / sizeof *fns && strcmp(fn, fns[k]) != 0)
        k++;
    (void)at;
    struct t_fill *f = k < sizeof fns / sizeof *fns ? nn_arena_alloc(c->t.ev.a, sizeof *f) : NULL;
    if (!f || !plain_kwargs(a))
        return &nn_m2m_unhandled;
    struct nn_mval *value = k == 2 ? (a->npos == 2 ? a->pos[1] : nn_m2m_kwarg(a, "fill_value"))
                                   : NULL;
    struct nn_mval *size = nn_m2m_kwarg(a, "size");
    size_t npos = k == 2 && a->npos == 2 ? 1 : a->npos;
    if ((k == 2 && (!value || !nn_m2m_is_num(value))) ||
        !(size ? static_shape(&size, 1, f) : static_shape(a->pos, npos, f)))
        return &nn_m2m_unhandled;
    f->normal = k == 3;
    f->value = k == 1 || k == 3 ? 1.0 : k == 2 ? nn_m2m_num(value) : 0.0;
    return nn_m2m_host_val(&c->t.ev, k == 0 ? T_ZERO : T_FILL, f);
}

struct nn_mval *nn_torch_parameter(struct torch_ctx *c, const struct nn_py_node *at,
                                   struct nn_m2m_args *a)
{
    struct nn_mval *v = a->npos ? a->pos[0] : nn_m2m_kwarg(a, "data");
    struct t_fill *f = v ? fill_of(v) : NULL;
    if (!f)
        return nn_m2m_unmappable(&c->t.ev, at, "nn.Parameter has a pivot equivalent for "
                                 "torch.zeros/ones/full/randn/empty of a static shape, maybe "
                                 "times a number or initialised by normal_/fill_/zero_");
    struct t_param *p = nn_arena_alloc(c->t.ev.a, sizeof *p);
    if (!p)
        return NULL;
    p->f = *f;
    p->at = at;
    return nn_m2m_host_val(&c->t.ev, T_PARAM, p);
}

/* A fill times (or divided by) a number; &nn_m2m_unhandled when no fill is involved. */
struct nn_mval *nn_torch_fill_binop(struct torch_ctx *c, const struct nn_py_node *at, int op,
                                    struct nn_mval *a, struct nn_mval *b)
{
    struct t_fill *fa = fill_of(a), *fb = fill_of(b);
    if (!fa && !fb)
        return &nn_m2m_unhandled;
    struct t_fill *f = fa ? fa : fb;
    struct nn_mval *k = fa ? b : a;
    int scale = op == NN_PYOP_Mult || (op == NN_PYOP_Div && fa);
    if (!scale || !nn_m2m_is_num(k) || (op == NN_PYOP_Div && nn_m2m_num(k) == 0))
        return nn_m2m_unmappable(&c->t.ev, at, "a learned tensor's initial value may only be "
                                 "multiplied or divided by a number");
    struct t_fill *r = nn_arena_alloc(c->t.ev.a, sizeof *r);
    if (!r)
        return NULL;
    *r = *f;
    double x = op == NN_PYOP_Div ? 1.0 / nn_m2m_num(k) : nn_m2m_num(k);
    r->value = r->normal && x < 0 ? -r->value * x : r->value * x;
    return nn_m2m_host_val(&c->t.ev, T_FILL, r);
}

/* normal_(mean=0, std), fill_(v), zero_() on a fill: the fill itself, changed. */
static struct nn_mval *init_in_place(struct torch_ctx *c, const struct nn_py_node *at,
                                     struct nn_mval *t, const char *name, struct nn_m2m_args *a)
{
    struct t_fill *f = fill_of(t);
    struct nn_mval *mean = nn_m2m_arg_at(a, "mean", 0, 1), *std = nn_m2m_arg_at(a, "std", 1, 1);
    struct nn_mval *v = nn_m2m_arg_at(a, "value", 0, 1);
    if (strcmp(name, "normal_") == 0 && (!mean || (nn_m2m_is_num(mean) && nn_m2m_num(mean) == 0)) &&
        (!std || nn_m2m_is_num(std))) {
        f->normal = 1;
        f->value = std ? nn_m2m_num(std) : 1.0;
    } else if (strcmp(name, "fill_") == 0 && v && nn_m2m_is_num(v)) {
        f->normal = 0;
        f->value = nn_m2m_num(v);
    } else if (strcmp(name, "zero_") == 0 && a->npos == 0) {
        f->normal = 0;
        f->value = 0;
    } else {
        return nn_m2m_unmappable(&c->t.ev, at, "a learned tensor's initial value takes "
                                 "normal_(mean=0, std=...), fill_(value) or zero_(), not %s", name);
    }
    return t;
}

/* The Parameter layer of p, fed by src, with pivot shape s[0..n); the
 * layer's name, or NULL after an error. */
static const char *param_layer(struct torch_ctx *c, const struct nn_py_node *at,
                               struct t_param *p, const char *src, const long long *s, int n)
{
    if (p->layer) {
        if (p->n != n || memcmp(p->shape, s, (size_t)n * sizeof *s) != 0) {
            nn_m2m_unmappable(&c->t.ev, at, "a learned tensor used with tensors of different "
                              "layouts or ranks has no single pivot shape");
            return NULL;
        }
        return p->layer;
    }
    struct nn_elem *proto = nn_elem_new(c->t.m, NN_K_PARAMETER);
    if (!proto)
        return NULL;
    nn_elem_set_ints(c->t.m, proto, NN_A_TENSOR_SHAPE, s, (size_t)n);
    if (p->f.normal)
        nn_elem_set_name(c->t.m, proto, NN_A_INIT_TYPE, "normal");
    if (p->f.value != 0)
        nn_elem_set_float(c->t.m, proto, NN_A_INIT_VALUE, p->f.value);
    const char *name = nn_torch_full_name(c, p->name ? p->name : "parameter", "parameter");
    size_t li = nn_torch_emit_layer(c, proto, name, src);
    if (p->name) /* weights: the tensor's own path ("blocks.0.gamma") */
        c->t.net->layers[li].weights_from = nn_torch_source_path(c, p->name);
    memcpy(p->shape, s, (size_t)n * sizeof *s);
    p->n = n;
    return p->layer = name;
}

/* p met by tensor x in arithmetic: the Parameter layer fed by x, its shape
 * the source's broadcast against x (a leading batch axis of 1 dropped),
 * stored channel-last when x is; NULL after an error. */
static struct nn_mval *param_against(struct torch_ctx *c, const struct nn_py_node *at,
                                     struct t_param *p, struct nn_mval *x)
{
    const struct t_tensor *t = x->ptr;
    const struct t_fill *f = &p->f;
    long long s[8];
    int n = f->n, skip = t->rank >= 1 && n == t->rank && f->shape[0] == 1;
    if (t->rank < 2 || t->rank > 9 || n - skip > t->rank - 1)
        return nn_m2m_unmappable(&c->t.ev, at, "a learned tensor must broadcast over the "
                                 "batch of the tensor it meets (at most as many axes, a first "
                                 "axis of 1 when as many)");
    int r = t->rank - 1, pad = r - (n - skip);
    for (int i = 0; i < r; i++)
        s[i] = i < pad ? 1 : f->shape[i - pad + skip];
    int cl = t->cl && r >= 2;
    if (cl) { /* the channel axis (the source's first after the batch) moves last */
        long long ch = s[0];
        memmove(s, s + 1, (size_t)(r - 1) * sizeof *s);
        s[r - 1] = ch;
    }
    const char *name = param_layer(c, at, p, t->src, s, r);
    return name ? nn_torch_tensor(c, name, t->rank, cl) : NULL;
}

int nn_torch_param_operands(struct torch_ctx *c, const struct nn_py_node *at, struct nn_mval **a,
                            struct nn_mval **b)
{
    struct t_param *pa = param_of(*a), *pb = param_of(*b);
    if (!pa && !pb)
        return 1;
    struct nn_mval **p = pa ? a : b, *x = pa ? *b : *a;
    if (x->kind == NN_MV_HOST && x->tag != T_TENSOR && x->tag != T_PARAM)
        x = nn_torch_as_tensor(c, at, x);
    if (!x || x->kind != NN_MV_HOST || x->tag != T_TENSOR) {
        nn_m2m_unmappable(&c->t.ev, at, "a learned tensor takes part in arithmetic only with a "
                          "tensor of forward");
        return 0;
    }
    *(pa ? b : a) = x;
    *p = param_against(c, at, param_of(*p), x);
    return *p != NULL;
}

/* p.expand(x.shape[0], -1, ...): the learned tensor repeated over x's batch. */
static struct nn_mval *expand(struct torch_ctx *c, const struct nn_py_node *at,
                              struct t_param *p, struct nn_m2m_args *a)
{
    const struct nn_mval *b = a->npos ? a->pos[0] : NULL;
    int ok = b && b->kind == NN_MV_HOST && b->tag == T_DIM && b->i == 0 && !a->nkw &&
             ((int)a->npos == p->f.n || ((int)a->npos == p->f.n + 1 && p->f.n >= 1));
    for (size_t i = 1; ok && i < a->npos; i++)
        ok = a->pos[i]->kind == NN_MV_INT && a->pos[i]->i == -1;
    int skip = ok && (int)a->npos == p->f.n;
    if (ok && skip && p->f.shape[0] != 1)
        ok = 0;
    struct nn_mval *x = ok ? b->ptr : NULL;
    if (x && !(x = nn_torch_as_tensor(c, at, x)))
        return NULL;
    if (!x || x->kind != NN_MV_HOST || p->f.n - skip < 1)
        return nn_m2m_unmappable(&c->t.ev, at, "a learned tensor expands only over the batch: "
                                 "p.expand(x.shape[0], -1, ...) with p's first axis 1");
    const char *name = param_layer(c, at, p, ((struct t_tensor *)x->ptr)->src,
                                   p->f.shape + skip, p->f.n - skip);
    return name ? nn_torch_tensor(c, name, p->f.n - skip + 1, 0) : NULL;
}

struct nn_mval *nn_torch_param_method(struct torch_ctx *c, const struct nn_py_node *at,
                                      struct nn_mval *t, const char *name, struct nn_m2m_args *a)
{
    if (fill_of(t))
        return init_in_place(c, at, t, name, a);
    struct t_param *p = param_of(t);
    if (!p)
        return &nn_m2m_unhandled;
    if (strcmp(name, "expand") == 0)
        return expand(c, at, p, a);
    return nn_m2m_unmappable(&c->t.ev, at, "a learned tensor's %s has no pivot equivalent "
                             "(arithmetic with a tensor, or expand over the batch)", name);
}
