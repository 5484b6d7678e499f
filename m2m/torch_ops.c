/* torch_ops.c - tensor operations in forward: arithmetic, torch.cat and
 * torch.stack, view/reshape, squeeze/unsqueeze, permute/movedim/transpose,
 * reductions, functional layers, x.size()/x.shape and subscripts. */
#include <string.h>

#include "m2m/torch_int.h"
#include "metamodel/checked.h"

#define BATCH_DIM TORCH_BATCH_DIM

long long nn_torch_norm_dim(long long d, int r)
{
    if (d >= 0)
        return d;
    return r > 0 ? d + r : BATCH_DIM;
}

static struct t_tensor *tensor_of(struct nn_mval *v)
{
    return v->ptr;
}

/* ---- arithmetic ---- */

static const struct {
    int op;
    enum nn_kind kind;
    const char *name;
} binops[] = {{NN_PYOP_Add, NN_K_OP_ADD, "add"}, {NN_PYOP_Mult, NN_K_OP_MULTIPLY, "multiply"},
              {NN_PYOP_MatMult, NN_K_OP_MATMULTIPLY, "matmul"},
              {NN_PYOP_Div, NN_K_OP_MULTIPLY, "multiply"},
              {NN_PYOP_Sub, NN_K_OP_SUBTRACT, "sub"}, {NN_PYOP_Div, NN_K_OP_DIVIDE, "div"}};

/* A number operand as "#x" (division: by its inverse); NULL after an error. */
static const char *scalar_operand(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                                  int second, struct nn_mval *v)
{
    double f = nn_m2m_num(v);
    if (op == NN_PYOP_Div && second) {
        if (f == 0)
            return nn_m2m_unmappable(ev, at, "division by zero") ? "#0" : NULL;
        f = 1.0 / f;
    }
    return nn_arena_printf(ev->a, "#%.17g", f);
}

/* Binary tensor arithmetic: +, *, @, / by a number (and number operands). */
struct nn_mval *nn_torch_binop(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                            struct nn_mval *a, struct nn_mval *b)
{
    struct torch_ctx *c = torch_of(ev);
    struct nn_mval *known = nn_torch_const_binop(c, at, op, a, b); /* numbers, in __init__ */
    if (known != &nn_m2m_unhandled)
        return known;
    if (!c->t.tracing)
        return a->kind == NN_MV_HOST && a->tag == T_TENSOR ? a : nn_m2m_new(ev, NN_MV_UNKNOWN);
    struct nn_mval *f = nn_torch_fill_binop(c, at, op, a, b); /* param */
    if (f != &nn_m2m_unhandled)
        return f;
    if (!nn_torch_param_operands(c, at, &a, &b))
        return NULL;
    if (op == NN_PYOP_Pow && a->kind == NN_MV_HOST)
        return nn_torch_top_pow(c, at, a, b);
    int by_tensor = op == NN_PYOP_Div && !nn_m2m_is_num(b); /* a division, not a scaling */
    size_t k = 0;
    while (k < sizeof binops / sizeof *binops &&
           (binops[k].op != op || (by_tensor && binops[k].kind != NN_K_OP_DIVIDE)))
        k++;
    if (k == sizeof binops / sizeof *binops)
        return nn_m2m_unmappable(ev, at, "the operator '%s' on tensors has no pivot equivalent",
                                 nn_py_op_names[op]);
    struct nn_mval *v[2] = {a, b};
    const char *srcs[2];
    int cl = 1, rank = -1;
    for (int i = 0; i < 2; i++) {
        if (nn_m2m_is_num(v[i]) && op != NN_PYOP_MatMult) {
            int inverse = binops[k].kind == NN_K_OP_MULTIPLY ? op : NN_PYOP_Mult;
            if (!(srcs[i] = scalar_operand(ev, at, inverse, i, v[i])))
                return NULL;
            continue;
        }
        if (!(v[i] = nn_torch_as_tensor(c, at, v[i])) || v[i]->kind != NN_MV_HOST)
            return v[i];
        cl = cl && tensor_of(v[i])->cl;
        rank = tensor_of(v[i])->rank;
    }
    for (int i = 0; i < 2 && (!cl || op == NN_PYOP_MatMult); i++)
        if (v[i]->kind == NN_MV_HOST && !(v[i] = nn_torch_to_cf(c, v[i])))
            return NULL;
    for (int i = 0; i < 2; i++)
        if (v[i]->kind == NN_MV_HOST)
            srcs[i] = tensor_of(v[i])->src;
    struct nn_elem *e = nn_torch_emit_op(c, binops[k].kind, binops[k].name, srcs, 2, 1);
    return e ? nn_torch_tensor(c, e->name, rank, cl && op != NN_PYOP_MatMult) : NULL;
}

/* ---- joining tensors ---- */

/* Two h_n rows (-2, -1) of one bidirectional layer: the pivot's hidden output. */
static struct nn_mval *bidir_hidden(struct torch_ctx *c, const struct nn_py_node *at,
                                    struct nn_mval *l, long long dim)
{
    if (l->n != 2 || l->items[0]->kind != NN_MV_HOST || l->items[0]->tag != T_RNNOUT ||
        l->items[1]->kind != NN_MV_HOST || l->items[1]->tag != T_RNNOUT)
        return NULL;
    struct t_rnn *f = l->items[0]->ptr, *b = l->items[1]->ptr;
    int n = f->layers * 2;
    if (f->layer != b->layer || !f->bidir || f->which != 1 || b->which != 1 ||
        (f->index + n) % n != n - 2 || (b->index + n) % n != n - 1 || (dim != 1 && dim != -1))
        return NULL;
    if (nn_torch_set_return(c, at, f->layer, "hidden"))
        return &nn_m2m_unhandled;
    return nn_torch_tensor(c, c->t.net->layers[f->layer].name, 2, 0);
}

/* The tensors of a static list or tuple, or NULL after an error. */
static struct nn_mval **tensor_list(struct torch_ctx *c, const struct nn_py_node *at,
                                    struct nn_mval *list, const char *what)
{
    if (!list || (list->kind != NN_MV_LIST && list->kind != NN_MV_TUPLE) || list->n < 1) {
        nn_m2m_unmappable(&c->t.ev, at, "%s needs a list of tensors known statically", what);
        return NULL;
    }
    struct nn_mval **v = nn_arena_alloc(c->t.ev.a, list->n * sizeof *v);
    for (size_t i = 0; v && i < list->n; i++)
        if (!(v[i] = nn_torch_as_tensor(c, at, list->items[i])) || v[i]->kind != NN_MV_HOST)
            return NULL;
    return v;
}

/* Concatenate tensors v[0..n) (all stored alike) along source dim d. */
static struct nn_mval *concat(struct torch_ctx *c, struct nn_mval **v, size_t n, long long dim)
{
    int cl = 1, rank = -1;
    for (size_t i = 0; i < n; i++) {
        cl = cl && tensor_of(v[i])->cl;
        rank = tensor_of(v[i])->rank;
    }
    long long d = nn_torch_norm_dim(dim, rank);
    if (cl && rank > 0) /* concatenate the channel-last storage along the mapped axis */
        d = d == 1 ? rank - 1 : d >= 2 ? d - 1 : d;
    for (size_t i = 0; !cl && i < n; i++)
        if (!(v[i] = nn_torch_to_cf(c, v[i])))
            return NULL;
    const char **srcs = nn_arena_alloc(c->t.ev.a, n * sizeof *srcs);
    for (size_t i = 0; srcs && i < n; i++)
        srcs[i] = tensor_of(v[i])->src;
    if (d == BATCH_DIM)
        d = dim;
    struct nn_elem *e = srcs ? nn_torch_emit_op(c, NN_K_OP_CONCATENATE, "concat", srcs, n, 1) : NULL;
    if (!e)
        return NULL;
    nn_elem_set_int(c->t.m, e, NN_A_CONCATENATE_DIM, d);
    return nn_torch_tensor(c, e->name, rank, cl);
}

/* torch.cat(tensors, dim): one tensor is itself. */
static struct nn_mval *cat(struct torch_ctx *c, const struct nn_py_node *at,
                           struct nn_mval *list, long long dim)
{
    struct nn_mval *h = list && list->kind != NN_MV_HOST ? bidir_hidden(c, at, list, dim) : NULL;
    if (h)
        return h == &nn_m2m_unhandled ? NULL : h;
    struct nn_mval **v = tensor_list(c, at, list, "torch.cat");
    if (!v)
        return c->t.ev.keep_going ? nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN) : NULL;
    return list->n == 1 ? v[0] : concat(c, v, list->n, dim);
}

/* A reshape of x (stored as the source holds it) to the source shape s[0..n). */
static struct nn_mval *reshape_to(struct torch_ctx *c, struct nn_mval *x, const long long *s,
                                  int n)
{
    long long d[9] = {-1};
    memcpy(d + 1, s, (size_t)n * sizeof *s);
    return nn_torch_unary_op(c, NN_K_OP_RESHAPE, "reshape", x->ptr, NN_A_RESHAPE_DIM, d,
                          (size_t)n + 1, n + 1, 0);
}

/* The source shape of x (batch excluded) into s, or an error naming what needs it. */
static int need_shape(struct torch_ctx *c, const struct nn_py_node *at, struct nn_mval *x,
                      long long *s, const char *what)
{
    int r = nn_torch_shape(c, x->ptr, s);
    if (r < 0)
        nn_m2m_unmappable(&c->t.ev, at, "%s needs the tensor's shape, which nnc knows when the file "
                                      "calls the model on a sample input (model(torch.randn(...)))"
                                      " or from --input-shape", what);
    return r;
}

/* torch.stack(tensors, dim): each tensor gets the new axis (a reshape), then
 * they are concatenated along it. */
static struct nn_mval *stack(struct torch_ctx *c, const struct nn_py_node *at,
                             struct nn_mval *list, long long dim)
{
    struct nn_mval **v = tensor_list(c, at, list, "torch.stack");
    if (!v)
        return c->t.ev.keep_going ? nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN) : NULL;
    long long s[8], s0[8];
    int r = -1;
    for (size_t i = 0; i < list->n; i++) {
        if (!(v[i] = nn_torch_to_cf(c, v[i])) || (r = need_shape(c, at, v[i], s, "torch.stack")) < 0)
            return c->t.ev.keep_going && v[i] ? v[i] : NULL;
        if (i && memcmp(s, s0, (size_t)r * sizeof *s) != 0)
            return nn_m2m_unmappable(&c->t.ev, at, "torch.stack of tensors of different shapes");
        memcpy(s0, s, sizeof s);
    }
    long long d = dim < 0 ? dim + r + 2 : dim;
    if (d < 1 || d > r + 1 || r + 1 > 7)
        return nn_m2m_unmappable(&c->t.ev, at, d == 0 ? "torch.stack along the batch axis has no "
                                                      "pivot equivalent"
                                                    : "torch.stack along this dim is not possible");
    long long u[8];
    memcpy(u, s0, (size_t)(d - 1) * sizeof *u);
    u[d - 1] = 1;
    memcpy(u + d, s0 + d - 1, (size_t)(r - d + 1) * sizeof *u);
    for (size_t i = 0; i < list->n; i++)
        if (!(v[i] = reshape_to(c, v[i], u, r + 1)))
            return NULL;
    return concat(c, v, list->n, d);
}

/* ---- shapes ---- */

/* The ints of a shape argument (view(a, b) or view((a, b))); x.size(0) is the
 * batch.  0, -1 (not static) or -2 (a size nnc does not know). */
static int shape_args(struct nn_m2m_args *a, size_t skip, long long *out, size_t *n)
{
    struct nn_mval **v = a->pos + skip;
    size_t k = a->npos > skip ? a->npos - skip : 0;
    if (k == 1 && (v[0]->kind == NN_MV_TUPLE || v[0]->kind == NN_MV_LIST)) {
        k = v[0]->n;
        v = v[0]->items;
    }
    if (k > 8)
        return -1;
    for (size_t i = 0; i < k; i++) {
        if (v[i]->kind == NN_MV_HOST && v[i]->tag == T_DIM && v[i]->i != 0)
            return -2;
        if (v[i]->kind == NN_MV_HOST && v[i]->tag == T_DIM)
            out[i] = BATCH_DIM;
        else if (v[i]->kind == NN_MV_INT)
            out[i] = v[i]->i;
        else
            return -1;
    }
    *n = k;
    return 0;
}

/* The message for shape_args' failure. */
static struct nn_mval *bad_shape(struct torch_ctx *c, const struct nn_py_node *at, int why,
                                 const char *what)
{
    if (why == -2)
        return nn_m2m_unmappable(&c->t.ev, at, "%s uses a size of the tensor that nnc does not know "
                                             "(nnc knows shapes when the file calls the model on a "
                                             "sample input, or from --input-shape)", what);
    return nn_m2m_unmappable(&c->t.ev, at, "%s with sizes not known statically", what);
}

/* Sizes d[0..n) of a reshape of x: the batch and -1 become -1; with both, the
 * -1 is resolved from x's shape when known.  Returns how many stay -1, or -1
 * when a product of sizes overflows 64 bits. */
static int resolve_free_size(struct torch_ctx *c, struct nn_mval *x, long long *d, size_t n)
{
    int unknown = 0, free_axis = -1;
    long long known = 1, s[8];
    for (size_t i = 0; i < n; i++) {
        if (d[i] == BATCH_DIM || d[i] == -1) {
            unknown++;
            free_axis = i ? (int)i : free_axis;
            d[i] = -1;
        } else if (!nn_mul_ll(known, d[i], &known)) {
            return -1;
        }
    }
    int r = unknown > 1 ? nn_torch_shape(c, x->ptr, s) : -1;
    if (r >= 0 && known > 0 && free_axis > 0) {
        long long count = 1;
        for (int i = 0; i < r; i++)
            if (!nn_mul_ll(count, s[i], &count))
                return -1;
        d[free_axis] = count / known;
        unknown--;
    }
    return unknown;
}

/* view/reshape: a Flatten when it keeps the batch and flattens the rest, else a reshape. */
static struct nn_mval *reshape(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    long long d[8];
    size_t n;
    int why = shape_args(a, skip, d, &n);
    if (why)
        return bad_shape(c, at, why, "reshape");
    if (!(x = nn_torch_to_cf(c, x)))
        return NULL;
    if (n == 2 && (d[0] == BATCH_DIM || d[0] == -1) && d[1] == -1 && d[0] != d[1]) {
        const struct torch_class *fl = nn_torch_class_named(c, "Flatten");
        struct nn_m2m_args none = {0};
        struct nn_mval *l = nn_torch_make_layer(c, at, fl, fl->params, &none, 0);
        ((struct t_layer *)l->ptr)->name = "flatten";
        return nn_torch_apply(c, at, l, x);
    }
    int left = resolve_free_size(c, x, d, n);
    if (left < 0) {
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, at), NN_ERROR, "reshape's sizes overflow 64 bits");
        return NULL;
    }
    if (left > 1)
        return nn_m2m_unmappable(&c->t.ev, at, "reshape with two unknown sizes (batch and -1) "
                                             "needs the tensor's shape (a sample input the file "
                                             "passes to the model, or --input-shape)");
    return nn_torch_unary_op(c, NN_K_OP_RESHAPE, "reshape", x->ptr, NN_A_RESHAPE_DIM, d, n,
                          (int)n, 0);
}

/* x.unsqueeze(dim): a reshape that adds an axis of size 1. */
static struct nn_mval *unsqueeze(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *x, struct nn_mval *dim)
{
    long long s[8], u[8];
    if (!dim || dim->kind != NN_MV_INT)
        return nn_m2m_unmappable(&c->t.ev, at, "unsqueeze needs a dim known statically");
    int r;
    if (!(x = nn_torch_to_cf(c, x)) || (r = need_shape(c, at, x, s, "unsqueeze")) < 0)
        return c->t.ev.keep_going ? x : NULL; /* --keep-going: the tensor passes through */
    long long d = dim->i < 0 ? dim->i + r + 2 : dim->i;
    if (d < 1 || d > r + 1 || r >= 7)
        return nn_m2m_unmappable(&c->t.ev, at, d == 0 ? "unsqueeze(0) adds an axis before the "
                                                      "batch: no pivot equivalent"
                                                    : "unsqueeze along this dim is not possible");
    memcpy(u, s, (size_t)(d - 1) * sizeof *u);
    u[d - 1] = 1;
    memcpy(u + d, s + d - 1, (size_t)(r - d + 1) * sizeof *u);
    return reshape_to(c, x, u, r + 1);
}

/* Is t the output of an adaptive pooling to size 1 on every spatial axis
 * (nn.AdaptiveAvgPool2d(1)): its sizes are known there without a shape? */
static int pooled_to_ones(struct torch_ctx *c, const struct t_tensor *t)
{
    const struct nn_network *net = c->t.net;
    for (size_t i = net->nlayers; t->src && i-- > 0;) {
        const struct nn_elem *e = &net->layers[i];
        if (strcmp(e->name, t->src) != 0)
            continue;
        long long v[3];
        size_t n = nn_elem_ints(e, NN_A_OUTPUT_DIM, v, 3);
        int ones = e->kind == NN_K_POOLING && n > 0 &&
                   strncmp(nn_elem_str(e, NN_A_POOLING_TYPE), "adaptive", 8) == 0;
        for (size_t k = 0; ones && k < n; k++)
            ones = v[k] == 1;
        return ones;
    }
    return 0;
}

/* squeeze(dims) naming exactly the spatial axes of an adaptive pooling to
 * size 1, with no shape known (no sample input): (N, C, 1, ...) becomes
 * (N, C) whatever C is, a Flatten (the stored axes of size 1 aside, the
 * order is the same); NULL when this does not apply. */
static struct nn_mval *squeeze_pooled(struct torch_ctx *c, const struct nn_py_node *at,
                                      struct nn_mval *x, const long long *dims, size_t nd)
{
    struct t_tensor *t = x->ptr;
    long long s[8];
    unsigned want = 0, got = 0;
    if (t->rank < 3 || t->rank > 5 || nd == 0 || nn_torch_shape(c, t, s) >= 0 ||
        !pooled_to_ones(c, t))
        return NULL;
    for (int a = 2; a < t->rank; a++)
        want |= 1u << a;
    for (size_t k = 0; k < nd; k++) {
        long long d = dims[k] < 0 ? dims[k] + t->rank : dims[k];
        if (d < 0 || d >= t->rank)
            return NULL;
        got |= 1u << d;
    }
    if (got != want)
        return NULL;
    const struct torch_class *fl = nn_torch_class_named(c, "Flatten");
    struct nn_m2m_args none = {0};
    struct nn_mval *l = fl ? nn_torch_make_layer(c, at, fl, fl->params, &none, 0) : NULL;
    if (!l)
        return NULL;
    ((struct t_layer *)l->ptr)->name = "flatten";
    return nn_torch_apply(c, at, l, x);
}

/* x.squeeze() / x.squeeze(dim or dims): a reshape without the named axes of size
 * 1 (every non-batch axis of size 1 when none is named). */
static struct nn_mval *squeeze(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, struct nn_mval *dim)
{
    long long s[8], u[8], dims[8];
    size_t nd = 0;
    if (dim && dim->kind != NN_MV_NONE && nn_m2m_dims(dim, 0, dims, &nd))
        return nn_m2m_unmappable(&c->t.ev, at, "squeeze needs dims known statically");
    struct nn_mval *pooled = squeeze_pooled(c, at, x, dims, nd);
    if (pooled)
        return pooled;
    int r;
    if (!(x = nn_torch_to_cf(c, x)) || (r = need_shape(c, at, x, s, "squeeze")) < 0)
        return c->t.ev.keep_going ? x : NULL;
    unsigned drop = 0;
    for (int i = 0; i < r; i++)
        drop |= (unsigned)(nd == 0 && s[i] == 1) << i;
    for (size_t k = 0; k < nd; k++) {
        long long d = dims[k] < 0 ? dims[k] + r + 1 : dims[k];
        if (d == 0)
            return nn_m2m_unmappable(&c->t.ev, at, "squeeze(0) removes the batch axis: no pivot "
                                                 "equivalent");
        if (d < 0 || d > r)
            return nn_m2m_unmappable(&c->t.ev, at, "squeeze along a dim the tensor does not have");
        drop |= (unsigned)(s[d - 1] == 1) << (d - 1);
    }
    if (!drop) /* nothing of size 1: the tensor itself, as in PyTorch */
        return x;
    int n = 0;
    for (int i = 0; i < r; i++)
        if (!(drop >> i & 1))
            u[n++] = s[i];
    return reshape_to(c, x, u, n);
}

/* ---- axis orders ---- */

/* x.permute(dims) / torch.permute(x, dims) */
static struct nn_mval *permute(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    long long d[8];
    size_t n;
    if (shape_args(a, skip, d, &n))
        return nn_m2m_unmappable(&c->t.ev, at, "permute with dims not known statically");
    for (size_t i = 0; i < n; i++)
        d[i] = nn_torch_norm_dim(d[i], (int)n);
    return nn_torch_relayout(c, at, x, d, (int)n, 0);
}

/* x.transpose(a, b) / torch.transpose(x, a, b) */
static struct nn_mval *transpose(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    long long d[8], p[8];
    size_t n;
    struct t_tensor *t = x->ptr;
    if (shape_args(a, skip, d, &n) || n != 2)
        return nn_m2m_unmappable(&c->t.ev, at, "transpose needs two dims known statically");
    if (t->rank < 0 && !t->cl) { /* the rank is unknown: transpose the stored tensor as is */
        if (d[0] < 0 || d[1] < 0)
            return nn_m2m_unmappable(&c->t.ev, at, "transpose with a negative dim of a tensor of "
                                                 "unknown rank");
        return nn_torch_unary_op(c, NN_K_OP_TRANSPOSE, "transpose", t, NN_A_TRANSPOSE_DIM, d, 2,
                              -1, 0);
    }
    for (int i = 0; i < t->rank; i++)
        p[i] = i;
    for (size_t i = 0; i < 2; i++)
        if ((d[i] = nn_torch_norm_dim(d[i], t->rank)) < 0 || d[i] >= t->rank)
            return nn_m2m_unmappable(&c->t.ev, at, "transpose of a dim the tensor does not have");
    p[d[0]] = d[1];
    p[d[1]] = d[0];
    return nn_torch_relayout(c, at, x, p, t->rank, 1);
}

/* x.movedim(source, destination) with ints or tuples of ints. */
static struct nn_mval *movedim(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    struct t_tensor *t = x->ptr;
    long long from[8], to[8], p[8];
    size_t nf = 0, nt = 0;
    int r = t->rank;
    if (a->npos != skip + 2 || nn_m2m_dims(a->pos[skip], 0, from, &nf) ||
        nn_m2m_dims(a->pos[skip + 1], 0, to, &nt) || nf != nt)
        return nn_m2m_unmappable(&c->t.ev, at, "movedim needs dims known statically");
    if (r < 0)
        return nn_m2m_unmappable(&c->t.ev, at, "movedim of a tensor of unknown rank (nnc knows it "
                                             "when the file calls the model on a sample input)");
    unsigned used = 0, placed = 0;
    for (size_t i = 0; i < nf; i++) {
        from[i] = nn_torch_norm_dim(from[i], r);
        to[i] = nn_torch_norm_dim(to[i], r);
        if (from[i] < 0 || from[i] >= r || to[i] < 0 || to[i] >= r)
            return nn_m2m_unmappable(&c->t.ev, at, "movedim of a dim the tensor does not have");
        p[to[i]] = from[i];
        used |= 1u << from[i];
        placed |= 1u << to[i];
    }
    for (int i = 0, k = 0; i < r; i++) { /* the other axes keep their order */
        if (placed >> i & 1)
            continue;
        while (used >> k & 1)
            k++;
        p[i] = k++;
    }
    return nn_torch_relayout(c, at, x, p, r, 0);
}

/* ---- reductions ---- */

/* x.mean(dims) / x.amax(dims): global pooling over the reduced axes, which
 * must leave exactly one non-batch axis (the channel); keepdim=True adds the
 * reduced axes back as size 1 (a reshape). */
/* The axes a reduction names, as a mask, and the one axis it keeps; the
 * number of reduced axes, or 0 after an error. */
static size_t reduced_axes(struct torch_ctx *c, const struct nn_py_node *at, int r,
                           struct nn_mval *dims, unsigned *mask, int *keep)
{
    long long d[8];
    size_t n = 0;
    struct nn_m2m_args one = {.pos = &dims, .npos = 1};
    if (!dims || r < 3 || shape_args(&one, 0, d, &n) || n < 1 || n > 3)
        return nn_m2m_unmappable(&c->t.ev, at, "this reduction has no pivot equivalent (only a "
                                             "mean/max over 1 to 3 axes that leaves one besides "
                                             "the batch, rank known)"), 0;
    *mask = 0;
    for (size_t i = 0; i < n; i++) {
        long long k = nn_torch_norm_dim(d[i], r);
        if (k < 1 || k >= r)
            return nn_m2m_unmappable(&c->t.ev, at, "a reduction over the batch axis or a dim the "
                                                 "tensor does not have"), 0;
        *mask |= 1u << k;
    }
    *keep = -1;
    for (int i = 1; i < r; i++)
        if (!(*mask >> i & 1))
            *keep = *keep < 0 ? i : 99;
    if (*keep < 0 || *keep == 99)
        return nn_m2m_unmappable(&c->t.ev, at, "this reduction leaves %s axis besides the batch: no "
                                             "pivot equivalent", *keep < 0 ? "no" : "more than one"),
               0;
    return n;
}

static struct nn_mval *reduce(struct torch_ctx *c, const struct nn_py_node *at,
                              struct nn_mval *x, struct nn_mval *dims, int keepdim,
                              const char *type)
{
    int r = ((struct t_tensor *)x->ptr)->rank, keep, k = 1;
    unsigned mask;
    long long order[8], s[8];
    size_t n = reduced_axes(c, at, r, dims, &mask, &keep);
    if (!n)
        return c->t.ev.keep_going ? x : NULL;
    int sr = keepdim ? need_shape(c, at, x, s, "keepdim=True") : 0;
    if (sr < 0)
        return c->t.ev.keep_going ? x : NULL;
    order[0] = 0; /* channel-first order (batch, kept, reduced...), then stored channel-last */
    order[1] = keep;
    for (int i = 1; i < r; i++)
        if (mask >> i & 1)
            order[++k] = i;
    if (!(x = nn_torch_relayout(c, at, x, order, r, 0)) || x->kind != NN_MV_HOST ||
        !(x = nn_torch_to_cl(c, x, r)))
        return x;
    struct nn_elem proto = {.kind = NN_K_POOLING};
    nn_elem_set_name(c->t.m, &proto, NN_A_POOLING_TYPE, type);
    nn_elem_set_name(c->t.m, &proto, NN_A_DIMENSION, nn_arena_printf(c->t.ev.a, "%dD", (int)n));
    const char *name = nn_torch_full_name(c, type[7] == 'a' ? "global_avg_pool" : "global_max_pool",
                                       "pool");
    nn_torch_emit_layer(c, &proto, name, tensor_of(x)->src);
    struct nn_mval *y = nn_torch_tensor(c, name, 2, 0);
    if (!keepdim || !y)
        return y;
    for (int i = 1; i < r; i++)
        if (mask >> i & 1)
            s[i - 1] = 1;
    return reshape_to(c, y, s, sr);
}

/* ---- methods and functions ---- */

/* A functional layer (F.relu(x), F.max_pool2d(x, 2), torch.flatten(x, 1)). */
static struct nn_mval *functional(struct torch_ctx *c, const struct nn_py_node *at,
                                  const char *fname, struct nn_m2m_args *a, struct nn_mval *x,
                                  size_t skip)
{
    const char *params;
    const struct torch_class *cls = nn_torch_fn_named(c, fname, &params);
    if (!cls)
        return &nn_m2m_unhandled;
    struct nn_mval *l = nn_torch_make_layer(c, at, cls, params, a, skip);
    if (!l)
        return NULL;
    ((struct t_layer *)l->ptr)->name = fname;
    return nn_torch_apply(c, at, l, x);
}

/* The dim argument of cat/mean/softmax: keyword or the k-th positional. */
static struct nn_mval *dim_arg(struct nn_m2m_args *a, size_t k)
{
    struct nn_mval *v = nn_m2m_kwarg(a, "dim");
    if (!v)
        v = nn_m2m_kwarg(a, "axis");
    return v ? v : k < a->npos ? a->pos[k] : NULL;
}

static struct nn_mval *op_reshape(struct torch_ctx *c, const struct nn_py_node *at,
                                  struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    return reshape(c, at, x, a, skip);
}

static struct nn_mval *op_unsqueeze(struct torch_ctx *c, const struct nn_py_node *at,
                                    struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    return unsqueeze(c, at, x, dim_arg(a, skip));
}

static struct nn_mval *op_squeeze(struct torch_ctx *c, const struct nn_py_node *at,
                                  struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    return squeeze(c, at, x, dim_arg(a, skip));
}

/* Does a reduction over dims leave one axis besides the batch, as global
 * pooling does?  Others are the pivot's reduction ops (torch_tensor.c). */
static int pool_fits(int r, struct nn_mval *dims)
{
    long long d[8];
    size_t n = 0;
    unsigned mask = 0;
    int reduced = 0;
    if (!dims || r < 3 || nn_m2m_dims(dims, 0, d, &n) || n < 1 || n > 3)
        return 0;
    for (size_t i = 0; i < n; i++) {
        long long k = nn_torch_norm_dim(d[i], r);
        if (k < 1 || k >= r)
            return 0;
        reduced += !(mask >> k & 1u);
        mask |= 1u << k;
    }
    return reduced == r - 2;
}

/* mean/amax: keepdim by keyword or as the next positional argument. */
static struct nn_mval *op_reduce(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *x, struct nn_m2m_args *a, size_t skip,
                                 const char *type)
{
    if (!pool_fits(((struct t_tensor *)x->ptr)->rank, dim_arg(a, skip))) {
        struct nn_mval *k = nn_m2m_kwarg(a, "keepdim");
        k = k ? k : a->npos > skip + 1 ? a->pos[skip + 1] : NULL;
        int keep = k ? nn_m2m_truth(k) : 0;
        if (keep < 0)
            return nn_m2m_unmappable(&c->t.ev, at, "keepdim must be known statically");
        return nn_torch_top_reduce(c, at, x, type[7] == 'a' ? NN_K_OP_MEAN : NN_K_OP_MAX,
                                   type[7] == 'a' ? "mean" : "amax", dim_arg(a, skip), keep);
    }
    struct nn_mval *k = nn_m2m_kwarg(a, "keepdim");
    if (!k && a->npos > skip + 1)
        k = a->pos[skip + 1];
    int keep = k ? nn_m2m_truth(k) : 0;
    if (keep < 0)
        return nn_m2m_unmappable(&c->t.ev, at, "keepdim must be known statically");
    return reduce(c, at, x, dim_arg(a, skip), keep, type);
}

static struct nn_mval *op_mean(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    return op_reduce(c, at, x, a, skip, "global_average");
}

static struct nn_mval *op_amax(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    return op_reduce(c, at, x, a, skip, "global_max");
}

/* Methods that leave the values alone (memory layout, dtype, device, autograd). */
static struct nn_mval *op_same(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    (void)c, (void)at, (void)a, (void)skip;
    return x;
}

typedef struct nn_mval *tensor_op_fn(struct torch_ctx *c, const struct nn_py_node *at,
                                     struct nn_mval *x, struct nn_m2m_args *a, size_t skip);

/* Tensor methods (x.name(...)) and torch.name(x, ...) functions. */
static const struct {
    const char *name;
    tensor_op_fn *fn;
} tensor_ops[] = {
    {"contiguous", op_same}, {"float", op_same},        {"detach", op_same},
    {"to", op_same},         {"view", op_reshape},      {"reshape", op_reshape},
    {"permute", permute},    {"transpose", transpose},  {"movedim", movedim},
    {"moveaxis", movedim},   {"swapaxes", transpose},   {"unsqueeze", op_unsqueeze},
    {"squeeze", op_squeeze}, {"mean", op_mean},         {"amax", op_amax},
};

/* Tensor methods and torch functions that take the tensor first. */
static struct nn_mval *tensor_fn(struct torch_ctx *c, const struct nn_py_node *at,
                                 const char *name, struct nn_mval *x, struct nn_m2m_args *a,
                                 size_t skip)
{
    if (x->kind == NN_MV_HOST && x->tag == T_RNNOUT && strcmp(name, "squeeze") == 0) {
        struct t_rnn *r = x->ptr;
        if (r->which == 1 && r->index == 99 && r->layers * (r->bidir + 1) == 1)
            r->index = 0;
        return nn_torch_as_tensor(c, at, x);
    }
    if (!(x = nn_torch_as_tensor(c, at, x)) || x->kind != NN_MV_HOST)
        return x;
    for (size_t i = 0; i < sizeof tensor_ops / sizeof *tensor_ops; i++)
        if (strcmp(name, tensor_ops[i].name) == 0)
            return tensor_ops[i].fn(c, at, x, a, skip);
    struct nn_mval *r = nn_torch_top_fn(c, at, name, x, a, skip);
    if (r != &nn_m2m_unhandled)
        return r;
    r = functional(c, at, name, a, x, skip);
    if (r != &nn_m2m_unhandled)
        return r;
    return nn_m2m_unmappable(&c->t.ev, at, "the tensor operation '%s' has no pivot equivalent",
                             name);
}

struct nn_mval *nn_torch_method(struct torch_ctx *c, const struct nn_py_node *at,
                             struct nn_mval *t, const char *name, struct nn_m2m_args *args)
{
    if (strcmp(name, "size") == 0) {
        struct nn_mval *k = args->npos == 1 ? args->pos[0] : nn_m2m_kwarg(args, "dim");
        if (k && k->kind == NN_MV_INT)
            return nn_torch_dim_value(c, t, k->i);
        return nn_torch_shape_value(c, t);
    }
    if (nn_torch_positions_expand(c, t, name, args))
        return t;
    struct nn_mval *p = nn_torch_param_method(c, at, t, name, args); /* param */
    if (p != &nn_m2m_unhandled)
        return p;
    if (strcmp(name, "dim") == 0 && t->kind == NN_MV_HOST && t->tag == T_TENSOR &&
        tensor_of(t)->rank >= 0)
        return nn_m2m_int(&c->t.ev, tensor_of(t)->rank);
    return tensor_fn(c, at, name, t, args, 0);
}

struct nn_mval *nn_torch_call_fn(struct torch_ctx *c, const struct nn_py_node *at,
                              const char *name, struct nn_m2m_args *a)
{
    struct nn_mval *base = nn_torch_base_fn(c, at, name, a);
    if (base != &nn_m2m_unhandled)
        return base;
    int is_cat = strcmp(name, "cat") == 0 || strcmp(name, "concat") == 0;
    if (is_cat || strcmp(name, "stack") == 0) {
        struct nn_mval *d = dim_arg(a, 1);
        struct nn_mval *list = a->npos ? a->pos[0] : nn_m2m_kwarg(a, "tensors");
        long long dim = d && d->kind == NN_MV_INT ? d->i : 0;
        return is_cat ? cat(c, at, list, dim) : stack(c, at, list, dim);
    }
    static const struct {
        const char *name;
        int op;
    } fns[] = {{"add", NN_PYOP_Add}, {"mul", NN_PYOP_Mult}, {"multiply", NN_PYOP_Mult},
               {"matmul", NN_PYOP_MatMult}, {"bmm", NN_PYOP_MatMult}, {"mm", NN_PYOP_MatMult}};
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
        if (strcmp(name, fns[i].name) == 0 && a->npos == 2)
            return nn_torch_binop(&c->t.ev, at, fns[i].op, a->pos[0], a->pos[1]);
    if (a->npos < 1)
        return nn_m2m_unmappable(&c->t.ev, at, "torch.%s without a tensor argument", name);
    return tensor_fn(c, at, name, a->pos[0], a, 1);
}

/* ---- subscripts ---- */

/* Index of a subscript: an int, or (slice, int, slice) patterns. */
static int last_step(struct torch_ctx *c, const struct nn_py_node *idx, int batch_first)
{
    const struct nn_py_node *e = idx->kind == NN_PY_Tuple ? idx->n[0] : idx;
    if (batch_first) {
        if (!e || e->kind != NN_PY_Slice || e->n[0] || e->n[1] || e->n[2])
            return 0;
        e = e->next;
    }
    struct nn_mval *v = e ? nn_m2m_expr(&c->t.ev, c->t.ev.cur_env, e) : NULL;
    if (!v || v->kind != NN_MV_INT || v->i != -1)
        return 0;
    for (e = e->next; e; e = e->next)
        if (e->kind != NN_PY_Slice || e->n[0] || e->n[1] || e->n[2])
            return 0;
    return 1;
}

/* A static slice bound (NULL: def); 0 when it is not an int. */
static int slice_bound(struct torch_ctx *c, const struct nn_py_node *e, long long n,
                       long long def, long long *out)
{
    struct nn_mval *v = e ? nn_m2m_expr(&c->t.ev, c->t.ev.cur_env, e) : NULL;
    if (e && (!v || v->kind != NN_MV_INT))
        return 0;
    long long k = e ? v->i : def;
    k = k < 0 ? k + n : k;
    *out = k < 0 ? 0 : k > n ? n : k;
    return 1;
}

/* h_n[lo:hi]: the rows of the final state, as a tuple of rows. */
static struct nn_mval *state_rows(struct torch_ctx *c, const struct nn_py_node *idx,
                                  struct t_rnn *r)
{
    long long n = r->layers * (r->bidir + 1), lo, hi;
    if (idx->kind != NN_PY_Slice || idx->n[2] || !slice_bound(c, idx->n[0], n, 0, &lo) ||
        !slice_bound(c, idx->n[1], n, n, &hi))
        return NULL;
    struct nn_mval *rows = nn_m2m_seq(&c->t.ev, NN_MV_TUPLE, hi > lo ? (size_t)(hi - lo) : 1);
    for (long long i = lo; rows && i < hi; i++) {
        struct t_rnn *row = nn_arena_alloc(c->t.ev.a, sizeof *row);
        if (!row)
            return NULL;
        *row = *r;
        row->index = (int)i;
        nn_m2m_push(&c->t.ev, rows, nn_m2m_host_val(&c->t.ev, T_RNNOUT, row));
    }
    return rows;
}

/* output[:, -1, :] (the last step), h_n[k], h_n[lo:hi] of a recurrent result. */
static struct nn_mval *rnn_subscript(struct torch_ctx *c, const struct nn_py_node *at,
                                     struct t_rnn *r, const struct nn_py_node *index)
{
    struct t_rnn *copy = nn_arena_alloc(c->t.ev.a, sizeof *copy);
    if (!copy)
        return NULL;
    *copy = *r;
    if (r->which == 0 && last_step(c, index, r->batch_first)) {
        if (r->bidir && c->t.ev.keep_going) /* the gap takes the full output */
            nn_torch_set_return(c, at, r->layer, "full");
        if (r->bidir)
            return nn_m2m_unmappable(&c->t.ev, at, "the last step of a bidirectional output holds "
                                                 "the backward direction's first step; the pivot "
                                                 "has no equivalent (use the final hidden state)");
        copy->last = 1;
        return nn_m2m_host_val(&c->t.ev, T_RNNOUT, copy);
    }
    if (r->which && r->index == 99 && index->kind == NN_PY_Slice)
        return state_rows(c, index, r);
    struct nn_mval *k = r->which ? nn_m2m_expr(&c->t.ev, c->t.ev.cur_env, index) : NULL;
    if (k && k->kind == NN_MV_INT && r->index == 99) {
        copy->index = (int)k->i;
        return nn_m2m_host_val(&c->t.ev, T_RNNOUT, copy);
    }
    return &nn_m2m_unhandled;
}

struct nn_mval *nn_torch_subscript(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *obj, const struct nn_py_node *index)
{
    struct torch_ctx *c = torch_of(ev);
    if (obj->tag == T_SHAPE) {
        struct nn_mval *k = nn_m2m_expr(ev, ev->cur_env, index);
        if (k && k->kind == NN_MV_INT)
            return nn_torch_dim_value(c, obj->ptr, k->i);
        return nn_m2m_unmappable(ev, at, "this shape index is not known statically");
    }
    if (obj->tag == T_RNNOUT) {
        struct nn_mval *v = rnn_subscript(c, at, obj->ptr, index);
        if (v != &nn_m2m_unhandled)
            return v;
    }
    if (!c->t.tracing)
        return nn_m2m_new(ev, NN_MV_UNKNOWN);
    if (!(obj = nn_torch_as_tensor(c, at, obj)) || obj->kind != NN_MV_HOST)
        return obj;
    return nn_torch_top_subscript(c, at, obj, index);
}
