/* torch_const.c - tensors of numbers computed while a model is built.
 *
 * RegNet computes its stage widths in a factory with torch.arange,
 * torch.log, torch.round and the like on plain numbers, then .tolist().
 * Before forward runs (c->in_forward), such a call on numbers, lists of
 * numbers and constant tensors gives a T_CONST value: a 1-D tensor of
 * numbers, float32 (rounded after every operation, as PyTorch computes it)
 * or int64.  Nothing of forward's input is ever one.
 */
#include <math.h>
#include <string.h>

#include "m2m/torch_int.h"

struct t_const {
    struct nn_mval *items; /* a LIST of INT (int64) or FLOAT (float32) values */
    int fp;                /* float32 */
};

static struct t_const *const_of(struct nn_mval *v)
{
    return v && v->kind == NN_MV_HOST && v->tag == T_CONST ? v->ptr : NULL;
}

/* A number of the tensor's dtype. */
static struct nn_mval *num(struct torch_ctx *c, double x, int fp)
{
    if (!fp)
        return nn_m2m_int(&c->t.ev, (long long)x);
    struct nn_mval *f = nn_m2m_new(&c->t.ev, NN_MV_FLOAT);
    if (f)
        f->f = (double)(float)x; /* float32 */
    return f;
}

/* A constant tensor of n numbers vals, or NULL. */
static struct nn_mval *make(struct torch_ctx *c, const double *vals, size_t n, int fp)
{
    struct t_const *t = nn_arena_alloc(c->t.ev.a, sizeof *t);
    if (!t || !(t->items = nn_m2m_seq(&c->t.ev, NN_MV_LIST, n)))
        return NULL;
    t->fp = fp;
    for (size_t i = 0; i < n; i++)
        nn_m2m_push(&c->t.ev, t->items, num(c, vals[i], fp));
    return nn_m2m_host_val(&c->t.ev, T_CONST, t);
}

/* v as numbers (a number, a list or tuple of numbers, a constant tensor)
 * into a fresh array; 0 when v is none of these. */
static int numbers(struct torch_ctx *c, struct nn_mval *v, double **out, size_t *n, int *fp)
{
    struct t_const *t = const_of(v);
    struct nn_mval *l = t ? t->items : v;
    if (nn_m2m_is_num(v)) {
        *out = nn_arena_alloc(c->t.ev.a, sizeof **out);
        if (!*out)
            return 0;
        **out = nn_m2m_num(v);
        *n = 1;
        *fp = v->kind == NN_MV_FLOAT;
        return -1; /* a scalar */
    }
    if (!l || (l->kind != NN_MV_LIST && l->kind != NN_MV_TUPLE) || l->n == 0)
        return 0;
    *out = nn_arena_alloc(c->t.ev.a, l->n * sizeof **out);
    *n = l->n;
    *fp = t ? t->fp : 0;
    for (size_t i = 0; *out && i < l->n; i++) {
        if (!nn_m2m_is_num(l->items[i]))
            return 0;
        (*out)[i] = nn_m2m_num(l->items[i]);
        *fp |= l->items[i]->kind == NN_MV_FLOAT;
    }
    return *out != NULL;
}

/* One arithmetic operation on two numbers; NAN when not one of these. */
static double arith(int op, double x, double y)
{
    switch (op) {
    case NN_PYOP_Add: return x + y;
    case NN_PYOP_Sub: return x - y;
    case NN_PYOP_Mult: return x * y;
    case NN_PYOP_Div: return x / y;
    case NN_PYOP_Pow: return pow(x, y);
    default: return NAN;
    }
}

/* a op b element-wise (one side may be a scalar); &nn_m2m_unhandled when
 * neither is a constant tensor and neither was built from a list. */
static struct nn_mval *elementwise(struct torch_ctx *c, const struct nn_py_node *at, int op,
                                   struct nn_mval *a, struct nn_mval *b)
{
    double *x, *y;
    size_t nx, ny;
    int fx, fy, kx = numbers(c, a, &x, &nx, &fx), ky = numbers(c, b, &y, &ny, &fy);
    if (!kx || !ky || (kx > 0 && ky > 0 && nx != ny))
        return nn_m2m_unmappable(&c->t.ev, at, "this operation on constant tensors cannot be "
                                             "computed statically");
    size_t n = kx > 0 ? nx : ny;
    int fp = fx || fy || op == NN_PYOP_Div || op == NN_PYOP_Pow;
    double *r = nn_arena_alloc(c->t.ev.a, n * sizeof *r);
    for (size_t i = 0; r && i < n; i++) {
        double u = x[kx > 0 ? i : 0], v = y[ky > 0 ? i : 0];
        r[i] = arith(op, fp ? (float)u : u, fp ? (float)v : v);
        if (isnan(r[i]) && !isnan(u) && !isnan(v) && op != NN_PYOP_Div)
            return nn_m2m_unmappable(&c->t.ev, at, "the operator '%s' on constant tensors is "
                                                 "not computed statically", nn_py_op_names[op]);
    }
    return r ? make(c, r, n, fp) : NULL;
}

struct nn_mval *nn_torch_const_binop(struct torch_ctx *c, const struct nn_py_node *at, int op,
                                     struct nn_mval *a, struct nn_mval *b)
{
    if (!const_of(a) && !const_of(b))
        return &nn_m2m_unhandled;
    return elementwise(c, at, op, a, b);
}

/* torch.arange(end) / (start, end[, step]) on numbers. */
static struct nn_mval *arange(struct torch_ctx *c, const struct nn_py_node *at,
                              struct nn_m2m_args *a)
{
    double v[3] = {0, 0, 1};
    int fp = 0;
    if (a->npos < 1 || a->npos > 3 || a->nkw)
        return &nn_m2m_unhandled;
    for (size_t i = 0; i < a->npos; i++) {
        if (!nn_m2m_is_num(a->pos[i]))
            return &nn_m2m_unhandled;
        fp |= a->pos[i]->kind == NN_MV_FLOAT;
        v[a->npos == 1 ? 1 : i] = nn_m2m_num(a->pos[i]);
    }
    double count = v[2] != 0 ? ceil((v[1] - v[0]) / v[2]) : -1;
    if (!(count >= 0) || count > NN_M2M_MAX_ITEMS)
        return nn_m2m_unmappable(&c->t.ev, at, "torch.arange with these bounds is not computed "
                                             "statically");
    double *r = nn_arena_alloc(c->t.ev.a, ((size_t)count + 1) * sizeof *r);
    for (size_t i = 0; r && i < (size_t)count; i++)
        r[i] = v[0] + (double)i * v[2];
    return r ? make(c, r, (size_t)count, fp) : NULL;
}

/* torch.diff(x): x[i + 1] - x[i]. */
static struct nn_mval *diff(struct torch_ctx *c, struct nn_mval *x)
{
    double *v;
    size_t n;
    int fp;
    if (numbers(c, x, &v, &n, &fp) <= 0)
        return &nn_m2m_unhandled;
    for (size_t i = 0; i + 1 < n; i++)
        v[i] = v[i + 1] - v[i];
    return make(c, v, n - 1, fp);
}

/* A function of one tensor, element by element (round halves to even). */
static struct nn_mval *unary(struct torch_ctx *c, const char *name, struct nn_mval *x)
{
    static const struct {
        const char *name;
        double (*fn)(double);
        int fp; /* the result is float32 (else it keeps the dtype) */
    } fns[] = {{"log", log, 1}, {"exp", exp, 1},        {"sqrt", sqrt, 1},
               {"round", nearbyint, 0}, {"floor", floor, 0}, {"ceil", ceil, 0},
               {"abs", fabs, 0}};
    double *v;
    size_t n;
    int fp;
    for (size_t k = 0; k < sizeof fns / sizeof *fns; k++) {
        if (strcmp(name, fns[k].name) != 0)
            continue;
        if (!numbers(c, x, &v, &n, &fp) || (!const_of(x) && !nn_m2m_is_num(x)))
            return &nn_m2m_unhandled;
        for (size_t i = 0; i < n; i++)
            v[i] = fns[k].fn(fp || fns[k].fp ? (float)v[i] : v[i]);
        return make(c, v, n, fp || fns[k].fp);
    }
    return &nn_m2m_unhandled;
}

struct nn_mval *nn_torch_const_fn(struct torch_ctx *c, const struct nn_py_node *at,
                                  const char *name, struct nn_m2m_args *a)
{
    static const struct {
        const char *name;
        int op;
    } binary[] = {{"add", NN_PYOP_Add}, {"sub", NN_PYOP_Sub},      {"subtract", NN_PYOP_Sub},
                  {"mul", NN_PYOP_Mult}, {"multiply", NN_PYOP_Mult}, {"div", NN_PYOP_Div},
                  {"divide", NN_PYOP_Div}, {"true_divide", NN_PYOP_Div}, {"pow", NN_PYOP_Pow}};
    if (c->in_forward)
        return &nn_m2m_unhandled;
    if (strcmp(name, "arange") == 0)
        return arange(c, at, a);
    struct nn_mval *x = a->npos ? a->pos[0] : NULL, *y = a->npos > 1 ? a->pos[1] : NULL;
    if (!x || a->nkw)
        return &nn_m2m_unhandled;
    if (strcmp(name, "tensor") == 0 && a->npos == 1) {
        double *v;
        size_t n;
        int fp;
        return numbers(c, x, &v, &n, &fp) > 0 ? make(c, v, n, fp) : &nn_m2m_unhandled;
    }
    if (strcmp(name, "diff") == 0 && a->npos == 1)
        return diff(c, x);
    for (size_t i = 0; y && a->npos == 2 && i < sizeof binary / sizeof *binary; i++)
        if (strcmp(name, binary[i].name) == 0 && (const_of(x) || const_of(y)))
            return elementwise(c, at, binary[i].op, x, y);
    return a->npos == 1 && const_of(x) ? unary(c, name, x) : &nn_m2m_unhandled;
}

struct nn_mval *nn_torch_const_method(struct torch_ctx *c, struct nn_mval *recv,
                                      const char *name, struct nn_m2m_args *a)
{
    struct t_const *t = const_of(recv);
    if (!t || a->npos || a->nkw)
        return &nn_m2m_unhandled;
    if (strcmp(name, "tolist") == 0)
        return t->items;
    if (strcmp(name, "item") == 0 && t->items->n == 1)
        return t->items->items[0];
    int to_int = strcmp(name, "int") == 0 || strcmp(name, "long") == 0;
    if (!to_int && strcmp(name, "float") != 0)
        return unary(c, name, recv);
    double *v = nn_arena_alloc(c->t.ev.a, (t->items->n + 1) * sizeof *v);
    for (size_t i = 0; v && i < t->items->n; i++)
        v[i] = to_int ? trunc(nn_m2m_num(t->items->items[i])) : nn_m2m_num(t->items->items[i]);
    return v ? make(c, v, t->items->n, !to_int) : NULL;
}
