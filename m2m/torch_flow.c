/* torch_flow.c - the dataflow of forward: modules applied to tensors, tensor
 * operations, recurrent outputs, and the channel-first/channel-last layout. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "m2m/torch_int.h"

#define BATCH_DIM (-1000)

/* ---- names and emission ---- */

const char *torch_unique(struct torch_ctx *c, const char *base)
{
    return nn_m2m_unique(&c->ev, &c->names, base);
}

/* The full name of a module: the inlined blocks' names, then its own. */
static const char *full_name(struct torch_ctx *c, const char *local, const char *kind)
{
    const char *s = "";
    for (int i = 0; i < c->nprefix; i++)
        if (c->prefix[i] && c->prefix[i][0])
            s = nn_arena_printf(c->ev.a, "%s%s_", s, c->prefix[i]);
    s = nn_arena_printf(c->ev.a, "%s%s", s, local);
    if (isdigit((unsigned char)s[0]))
        s = nn_arena_printf(c->ev.a, "%s_%s", kind, s);
    char *lower = nn_arena_strdup(c->ev.a, s);
    for (char *p = lower; p && *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            *p = '_';
    return torch_unique(c, lower);
}

/* A class name in lower case, as a default module name. */
static const char *lower_name(struct torch_ctx *c, const char *s)
{
    char *l = nn_arena_strdup(c->ev.a, s);
    for (char *p = l; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return l;
}

struct nn_mval *torch_tensor(struct torch_ctx *c, const char *src, int rank, int cl)
{
    struct t_tensor *t = nn_arena_alloc(c->ev.a, sizeof *t);
    if (!t)
        return NULL;
    t->src = src;
    t->rank = rank;
    t->cl = cl;
    return nn_m2m_host_val(&c->ev, T_TENSOR, t);
}

/* Is src the output of the module emitted last (the default input)? */
static int is_previous(struct torch_ctx *c, const char *src)
{
    return c->last ? strcmp(c->last, src) == 0 : strcmp(src, "input") == 0;
}

/* Add a module entry for e and make it the last one; attach pending TODOs. */
static void add_module(struct torch_ctx *c, struct nn_elem *e)
{
    struct nn_module *mod = nn_net_add_module(c->m, c->net);
    if (mod)
        mod->name = e->name;
    c->net->has_modules = 1;
    e->c.lead = nn_m2m_take_todo(&c->ev);
    c->last = e->name;
}

/* Append a layer (a copy of proto) fed by src; returns its index. */
static size_t emit_layer(struct torch_ctx *c, const struct nn_elem *proto, const char *name,
                         const char *src)
{
    struct nn_elem *copy = torch_copy_elem(c, proto);
    struct nn_elem *e = nn_net_add_layer(c->m, c->net);
    if (!e || !copy)
        return 0;
    *e = *copy;
    e->name = name;
    if (!is_previous(c, src))
        nn_elem_set_string(c->m, e, NN_A_NAME_LAYER_INPUT, src);
    add_module(c, e);
    return c->net->nlayers - 1;
}

/* Append a tensor op of kind k named after base; srcs feed it. */
static struct nn_elem *emit_op(struct torch_ctx *c, enum nn_kind k, const char *base,
                               const char **srcs, size_t n, int always_list)
{
    struct nn_elem *e = nn_net_add_op(c->m, c->net);
    if (!e)
        return NULL;
    e->kind = k;
    e->name = full_name(c, base, base);
    if (always_list || n != 1 || !is_previous(c, srcs[0])) {
        struct nn_value v = {.type = NN_V_LIST};
        v.items = nn_arena_alloc(&c->m->arena, (n + 1) * sizeof *v.items);
        for (size_t i = 0; v.items && i < n; i++) {
            v.items[i].type = srcs[i][0] == '#' ? NN_V_INT : NN_V_NAME;
            if (srcs[i][0] == '#')
                sscanf(srcs[i] + 1, "%lld", &v.items[i].i);
            else
                v.items[i].s = srcs[i];
        }
        v.n = n;
        nn_elem_set(c->m, e, NN_A_LAYERS_OF_TENSORS, v);
    }
    add_module(c, e);
    return e;
}

/* A one-input op with an int-list attribute; returns the new tensor. */
static struct nn_mval *unary_op(struct torch_ctx *c, enum nn_kind k, const char *base,
                                struct t_tensor *t, enum nn_attr_id id, const long long *v,
                                size_t n, int rank, int cl)
{
    struct nn_elem *e = emit_op(c, k, base, &t->src, 1, 0);
    if (!e)
        return NULL;
    nn_elem_set_ints(c->m, e, id, v, n);
    return torch_tensor(c, e->name, rank, cl);
}

/* ---- layout ---- */

/* The tensor stored channel-last (for conv-side layers of the given rank). */
static struct nn_mval *to_cl(struct torch_ctx *c, struct nn_mval *x, int rank)
{
    struct t_tensor *t = x->ptr;
    if (t->cl)
        return x;
    long long p[8] = {0};
    for (int i = 1; i < rank - 1; i++)
        p[i] = i + 1;
    p[rank - 1] = 1;
    return unary_op(c, NN_K_OP_PERMUTE, "to_channels_last", t, NN_A_PERMUTE_DIM, p,
                    (size_t)rank, rank, 1);
}

struct nn_mval *torch_to_cf(struct torch_ctx *c, struct nn_mval *x)
{
    struct t_tensor *t = x->ptr;
    if (!t->cl)
        return x;
    long long p[8] = {0};
    p[1] = t->rank - 1;
    for (int i = 2; i < t->rank; i++)
        p[i] = i - 1;
    return unary_op(c, NN_K_OP_PERMUTE, "to_channels_first", t, NN_A_PERMUTE_DIM, p,
                    (size_t)t->rank, t->rank, 0);
}

/* ---- recurrent outputs ---- */

/* Fix a recurrent layer's return_type; 0, or -1 when it is used two ways. */
static int set_return(struct torch_ctx *c, const struct nn_py_node *at, size_t li,
                      const char *rt)
{
    struct nn_elem *e = &c->net->layers[li];
    const struct nn_attr *a = nn_elem_attr(e, NN_A_RETURN_TYPE);
    if (a && strcmp(a->v.s, rt) != 0) {
        nn_m2m_unmappable(&c->ev, at, "'%s' is used both as %s and as %s output; the pivot "
                                      "gives a recurrent layer one output", e->name, a->v.s, rt);
        return -1;
    }
    nn_elem_set_name(c->m, e, NN_A_RETURN_TYPE, rt);
    return 0;
}

/* A part of a recurrent result used as a tensor. */
static struct nn_mval *rnn_tensor(struct torch_ctx *c, const struct nn_py_node *at,
                                  struct t_rnn *r)
{
    const char *name = c->net->layers[r->layer].name;
    if (r->which == 0 && r->last)
        return set_return(c, at, r->layer, "last") ? NULL : torch_tensor(c, name, 2, 0);
    if (r->which == 0) {
        if (set_return(c, at, r->layer, "full"))
            return NULL;
        struct nn_mval *t = torch_tensor(c, name, 3, 0);
        long long sw[2] = {0, 1};
        return r->batch_first ? t : unary_op(c, NN_K_OP_TRANSPOSE, "to_time_major", t->ptr,
                                             NN_A_TRANSPOSE_DIM, sw, 2, 3, 0);
    }
    int idx = r->index < 0 ? r->index + r->layers * (r->bidir + 1) : r->index;
    if (r->which == 1 && !r->bidir && idx == r->layers - 1)
        return set_return(c, at, r->layer, "hidden") ? NULL : torch_tensor(c, name, 2, 0);
    return nn_m2m_unmappable(&c->ev, at, r->which == 2
        ? "the cell state of '%s' has no pivot equivalent"
        : "this part of the final hidden state of '%s' has no pivot equivalent "
          "(the pivot has the last layer's state, both directions concatenated)", name);
}

struct nn_mval *torch_as_tensor(struct torch_ctx *c, const struct nn_py_node *at,
                                struct nn_mval *v)
{
    if (v->kind == NN_MV_HOST && v->tag == T_TENSOR)
        return v;
    if (v->kind == NN_MV_HOST && v->tag == T_RNNOUT)
        return rnn_tensor(c, at, v->ptr);
    if (v->kind == NN_MV_UNKNOWN && c->ev.keep_going)
        return v;
    return nn_m2m_unmappable(&c->ev, at, "expected a tensor here, not %s",
                             nn_m2m_describe(&c->ev, v));
}

/* The (output, state) result of a recurrent layer at index li. */
static struct nn_mval *rnn_result(struct torch_ctx *c, size_t li, struct t_layer *l)
{
    const struct nn_elem *e = &c->net->layers[li];
    struct nn_mval *res = nn_m2m_seq(&c->ev, NN_MV_TUPLE, 2);
    struct nn_mval *parts[3];
    for (int w = 0; w < 3; w++) {
        struct t_rnn *r = nn_arena_alloc(c->ev.a, sizeof *r);
        if (!r)
            return NULL;
        r->layer = li;
        r->which = w;
        r->index = 99;
        r->bidir = nn_elem_bool(e, NN_A_BIDIRECTIONAL);
        r->layers = (int)nn_elem_int(e, NN_A_NUM_LAYERS);
        r->batch_first = l->batch_first;
        parts[w] = nn_m2m_host_val(&c->ev, T_RNNOUT, r);
    }
    nn_m2m_push(&c->ev, res, parts[0]);
    if (e->kind == NN_K_LSTM) {
        struct nn_mval *hc = nn_m2m_seq(&c->ev, NN_MV_TUPLE, 2);
        nn_m2m_push(&c->ev, hc, parts[1]);
        nn_m2m_push(&c->ev, hc, parts[2]);
        nn_m2m_push(&c->ev, res, hc);
    } else {
        nn_m2m_push(&c->ev, res, parts[1]);
    }
    return res;
}

/* ---- applying modules ---- */

/* Where a layer of this class works: 1 on channel-last conv tensors, 0 on the last axis,
 * 2 anywhere (element-wise). */
static int layer_side(const struct t_layer *l, const struct t_tensor *t)
{
    enum nn_kind k = l->cls->kind;
    if (k == NN_K_CONV1D || k == NN_K_CONV2D || k == NN_K_CONV3D || k == NN_K_POOLING)
        return 1;
    if (k == NN_K_BATCH_NORM)
        return l->cls->rank == 1 && t->rank == 2 ? 0 : 1;
    if (k == NN_K_DROPOUT || (k == NN_K_ACTIVATION && !l->dim_given &&
                              strcmp(l->cls->name, "Softmax") && strcmp(l->cls->name, "LogSoftmax")))
        return 2;
    return 0;
}

/* Output rank of a layer applied to a tensor of rank r (-1: unknown). */
static int out_rank(const struct t_layer *l, int r)
{
    switch (l->cls->kind) {
    case NN_K_FLATTEN: return (int)nn_elem_int(l->proto, NN_A_START_DIM) + 1;
    case NN_K_EMBEDDING: return r < 0 ? 3 : r + 1;
    default: return r;
    }
}

/* Softmax-like layers: the axis, written only when it is not the last one. */
static void set_actv_dim(struct torch_ctx *c, struct nn_elem *e, struct t_layer *l,
                         int rank)
{
    if (!l->dim_given) {
        nn_diag(c->ev.d, nn_m2m_loc(&c->ev, l->at), NN_WARNING,
                "%s without dim: nnc uses the last axis", l->cls->name);
        return;
    }
    if (l->dim == -1 || (rank > 0 && l->dim == rank - 1))
        return;
    nn_elem_set_int(c->m, e, NN_A_ACTV_DIM, l->dim);
}

/* A torch.nn layer applied to x. */
static struct nn_mval *apply_layer(struct torch_ctx *c, const struct nn_py_node *at,
                                   struct t_layer *l, struct nn_mval *x)
{
    if (l->error) /* with --keep-going the tensor passes through */
        return nn_m2m_unmappable(&c->ev, l->error_at, "%s", l->error) ? x : NULL;
    if (l->cls->role == TR_PASS)
        return x;
    int stateless = l->cls->kind == NN_K_ACTIVATION || l->cls->kind == NN_K_DROPOUT ||
                    l->cls->kind == NN_K_FLATTEN ||
                    (l->cls->kind == NN_K_POOLING);
    if (l->uses++ && !stateless)
        return nn_m2m_unmappable(&c->ev, at, "'%s' is applied twice (shared weights have no "
                                             "pivot equivalent)", l->name ? l->name : l->cls->name);
    struct t_tensor *t = x->ptr;
    int side = layer_side(l, t), rank = t->rank;
    if (side == 1) {
        rank = l->cls->rank + 2;
        if (!(x = to_cl(c, x, rank)))
            return NULL;
    } else if (side == 0 && !(x = torch_to_cf(c, x))) {
        return NULL;
    }
    t = x->ptr;
    const char *local = c->item_name ? c->item_name : l->name ? l->name : lower_name(c, l->cls->name);
    const char *name = full_name(c, local, lower_name(c, l->cls->name));
    size_t li = emit_layer(c, l->proto, name, t->src);
    if (!strcmp(l->cls->name, "Softmax") || !strcmp(l->cls->name, "LogSoftmax"))
        set_actv_dim(c, &c->net->layers[li], l, rank);
    enum nn_kind k = l->cls->kind;
    if (k == NN_K_LSTM || k == NN_K_GRU || k == NN_K_SIMPLE_RNN)
        return rnn_result(c, li, l);
    return torch_tensor(c, name, out_rank(l, rank), side == 1 || (side == 2 && t->cl));
}

/* A recurrent layer fed time-major (batch_first=False) gets a transpose first. */
static struct nn_mval *rnn_input(struct torch_ctx *c, struct t_layer *l, struct nn_mval *x)
{
    enum nn_kind k = l->cls->kind;
    if ((k != NN_K_LSTM && k != NN_K_GRU && k != NN_K_SIMPLE_RNN) || l->batch_first || l->error)
        return x;
    if (!(x = torch_to_cf(c, x)))
        return NULL;
    long long sw[2] = {0, 1};
    return unary_op(c, NN_K_OP_TRANSPOSE, "to_batch_major", x->ptr, NN_A_TRANSPOSE_DIM, sw, 2,
                    3, 0);
}

/* Run body with a block name pushed on the prefix stack. */
static struct nn_mval *in_block(struct torch_ctx *c, const char *name, struct nn_mval *mod,
                                const struct nn_py_node *at, struct nn_mval *x);

/* The items of a Sequential, in order. */
static struct nn_mval *apply_seq(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct t_seq *s, struct nn_mval *x)
{
    for (size_t i = 0; x && i < s->n; i++) {
        const char *item = s->names && s->names[i] ? s->names[i]
                                                   : nn_arena_printf(c->ev.a, "%zu", i);
        struct nn_mval *m = s->items[i];
        if (m->kind == NN_MV_HOST && m->tag == T_LAYER) {
            c->item_name = item;
            x = torch_apply(c, at, m, x);
            c->item_name = NULL;
        } else {
            x = in_block(c, item, m, at, x);
        }
    }
    return x;
}

static struct nn_mval *apply_obj(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *obj, struct nn_mval *x);

static struct nn_mval *in_block(struct torch_ctx *c, const char *name, struct nn_mval *mod,
                                const struct nn_py_node *at, struct nn_mval *x)
{
    if (c->nprefix >= MAX_PREFIX)
        return nn_m2m_unmappable(&c->ev, at, "blocks nest too deeply");
    c->prefix[c->nprefix++] = name;
    const char *saved = c->item_name;
    c->item_name = NULL;
    struct nn_mval *r;
    if (mod->kind == NN_MV_OBJ) {
        size_t span = torch_block_open(c, x);
        r = apply_obj(c, at, mod, x);
        torch_block_close(c, span, r);
    } else if (mod->kind == NN_MV_HOST && mod->tag == T_SEQ)
        r = apply_seq(c, at, mod->ptr, x);
    else
        r = torch_apply(c, at, mod, x);
    c->item_name = saved;
    c->nprefix--;
    return r;
}

/* A user nn.Module applied to x: its forward, inlined. */
static struct nn_mval *apply_obj(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *obj, struct nn_mval *x)
{
    struct nn_mval *fwd = nn_m2m_method(obj->cls, "forward");
    if (!fwd)
        return nn_m2m_unmappable(&c->ev, at, "%s has no forward method",
                                 nn_m2m_describe(&c->ev, obj));
    struct nn_m2m_args a = {0};
    struct nn_mval *pos[1] = {x};
    const struct nn_py_node *pn[1] = {at};
    a.pos = pos;
    a.posnode = pn;
    a.npos = 1;
    return nn_m2m_call_func(&c->ev, at, fwd, obj, &a);
}

struct nn_mval *torch_apply(struct torch_ctx *c, const struct nn_py_node *at,
                            struct nn_mval *mod, struct nn_mval *x)
{
    if (mod->kind == NN_MV_UNKNOWN) { /* with --keep-going the tensor passes through */
        if (c->ev.keep_going && mod->s && !mod->s[0])
            return x;
        return nn_m2m_unmappable(&c->ev, mod->node ? mod->node : at, "%s",
                                 mod->s && mod->s[0] ? mod->s : "unknown module") ? x : NULL;
    }
    if (mod->kind == NN_MV_OBJ)
        return in_block(c, mod->origin, mod, at, x);
    if (mod->kind == NN_MV_HOST && mod->tag == T_SEQ)
        return in_block(c, ((struct t_seq *)mod->ptr)->name, mod, at, x);
    if (mod->kind != NN_MV_HOST || mod->tag != T_LAYER)
        return nn_m2m_unmappable(&c->ev, at, "cannot apply %s to a tensor",
                                 nn_m2m_describe(&c->ev, mod));
    if (!(x = torch_as_tensor(c, at, x)))
        return NULL;
    if (x->kind == NN_MV_UNKNOWN)
        return x;
    x = rnn_input(c, mod->ptr, x);
    return x ? apply_layer(c, at, mod->ptr, x) : NULL;
}

/* ---- tensor operations ---- */

/* Normalise a dim of a tensor of rank r; -1000 when unknown. */
static long long norm_dim(long long d, int r)
{
    if (d >= 0)
        return d;
    return r > 0 ? d + r : BATCH_DIM;
}

/* Binary tensor arithmetic: +, *, @ (and scalars). */
struct nn_mval *torch_binop(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                            struct nn_mval *a, struct nn_mval *b)
{
    struct torch_ctx *c = torch_of(ev);
    if (!c->tracing)
        return a->kind == NN_MV_HOST && a->tag == T_TENSOR ? a : nn_m2m_new(ev, NN_MV_UNKNOWN);
    static const struct {
        int op;
        enum nn_kind kind;
        const char *name;
    } ops[] = {{NN_PYOP_Add, NN_K_OP_ADD, "add"}, {NN_PYOP_Mult, NN_K_OP_MULTIPLY, "multiply"},
               {NN_PYOP_MatMult, NN_K_OP_MATMULTIPLY, "matmul"}, {NN_PYOP_Div, NN_K_OP_MULTIPLY, "multiply"}};
    size_t k = 0;
    while (k < sizeof ops / sizeof *ops && ops[k].op != op)
        k++;
    if (k == sizeof ops / sizeof *ops)
        return nn_m2m_unmappable(ev, at, "the operator '%s' on tensors has no pivot equivalent",
                                 nn_py_op_names[op]);
    struct nn_mval *v[2] = {a, b};
    const char *srcs[2];
    int cl = 1, rank = -1;
    for (int i = 0; i < 2; i++) {
        if (nn_m2m_is_num(v[i]) && op != NN_PYOP_MatMult) {
            double f = nn_m2m_num(v[i]);
            if (op == NN_PYOP_Div && i == 1)
                f = 1.0 / f;
            if (f != (long long)f)
                return nn_m2m_unmappable(ev, at, "a non-integer scalar operand has no pivot "
                                                 "equivalent");
            srcs[i] = nn_arena_printf(ev->a, "#%lld", (long long)f);
            continue;
        }
        if (op == NN_PYOP_Div && i == 1)
            return nn_m2m_unmappable(ev, at, "division by a tensor has no pivot equivalent");
        if (!(v[i] = torch_as_tensor(c, at, v[i])) || v[i]->kind != NN_MV_HOST)
            return v[i];
        cl = cl && ((struct t_tensor *)v[i]->ptr)->cl;
        rank = ((struct t_tensor *)v[i]->ptr)->rank;
    }
    for (int i = 0; i < 2 && (!cl || op == NN_PYOP_MatMult); i++)
        if (v[i]->kind == NN_MV_HOST && !(v[i] = torch_to_cf(c, v[i])))
            return NULL;
    for (int i = 0; i < 2; i++)
        if (v[i]->kind == NN_MV_HOST)
            srcs[i] = ((struct t_tensor *)v[i]->ptr)->src;
    struct nn_elem *e = emit_op(c, ops[k].kind, ops[k].name, srcs, 2, 1);
    return e ? torch_tensor(c, e->name, rank, cl && op != NN_PYOP_MatMult) : NULL;
}

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
    if (set_return(c, at, f->layer, "hidden"))
        return &nn_m2m_unhandled;
    return torch_tensor(c, c->net->layers[f->layer].name, 2, 0);
}

/* torch.cat(tensors, dim) */
static struct nn_mval *cat(struct torch_ctx *c, const struct nn_py_node *at,
                           struct nn_mval *list, long long dim)
{
    if (!list || (list->kind != NN_MV_LIST && list->kind != NN_MV_TUPLE) || list->n < 1)
        return nn_m2m_unmappable(&c->ev, at, "torch.cat needs a list of tensors known statically");
    struct nn_mval *h = bidir_hidden(c, at, list, dim);
    if (h)
        return h == &nn_m2m_unhandled ? NULL : h;
    int cl = 1, rank = -1;
    struct nn_mval **v = nn_arena_alloc(c->ev.a, list->n * sizeof *v);
    const char **srcs = nn_arena_alloc(c->ev.a, list->n * sizeof *srcs);
    for (size_t i = 0; v && i < list->n; i++) {
        if (!(v[i] = torch_as_tensor(c, at, list->items[i])) || v[i]->kind != NN_MV_HOST)
            return v[i];
        cl = cl && ((struct t_tensor *)v[i]->ptr)->cl;
        rank = ((struct t_tensor *)v[i]->ptr)->rank;
    }
    long long d = norm_dim(dim, rank);
    if (cl && rank > 0) /* concatenate the channel-last storage along the mapped axis */
        d = d == 1 ? rank - 1 : d >= 2 ? d - 1 : d;
    for (size_t i = 0; !cl && i < list->n; i++)
        if (!(v[i] = torch_to_cf(c, v[i])))
            return NULL;
    for (size_t i = 0; i < list->n; i++)
        srcs[i] = ((struct t_tensor *)v[i]->ptr)->src;
    if (d == BATCH_DIM)
        d = dim;
    struct nn_elem *e = emit_op(c, NN_K_OP_CONCATENATE, "concat", srcs, list->n, 1);
    if (!e)
        return NULL;
    nn_elem_set_int(c->m, e, NN_A_CONCATENATE_DIM, d);
    return torch_tensor(c, e->name, rank, cl);
}

/* The ints of a shape argument (view(a, b) or view((a, b))); x.size(0) is the batch. */
static int shape_args(struct nn_m2m_args *a, size_t skip, long long *out, size_t *n)
{
    struct nn_mval **v = a->pos + skip;
    size_t k = a->npos - skip;
    if (k == 1 && (v[0]->kind == NN_MV_TUPLE || v[0]->kind == NN_MV_LIST)) {
        k = v[0]->n;
        v = v[0]->items;
    }
    if (k > 8)
        return -1;
    for (size_t i = 0; i < k; i++) {
        if (v[i]->kind == NN_MV_HOST && v[i]->tag == T_DIM && v[i]->i == 0)
            out[i] = BATCH_DIM;
        else if (v[i]->kind == NN_MV_INT)
            out[i] = v[i]->i;
        else
            return -1;
    }
    *n = k;
    return 0;
}

/* view/reshape: a Flatten when it keeps the batch and flattens the rest, else a reshape. */
static struct nn_mval *reshape(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    long long d[8];
    size_t n;
    if (shape_args(a, skip, d, &n))
        return nn_m2m_unmappable(&c->ev, at, "reshape to a shape not known statically");
    if (!(x = torch_to_cf(c, x)))
        return NULL;
    struct t_tensor *t = x->ptr;
    if (n == 2 && (d[0] == BATCH_DIM || d[0] == -1) && d[1] == -1 && d[0] != d[1]) {
        const struct torch_class *fl = torch_class_named("Flatten");
        struct nn_m2m_args none = {0};
        struct nn_mval *l = torch_make_layer(c, at, fl, fl->params, &none, 0);
        ((struct t_layer *)l->ptr)->name = "flatten";
        return apply_layer(c, at, l->ptr, x);
    }
    int unknown = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i] == BATCH_DIM || d[i] == -1)
            d[i] = -1, unknown++;
    if (unknown > 1)
        return nn_m2m_unmappable(&c->ev, at, "reshape with two unknown sizes (batch and -1) "
                                             "has no pivot equivalent");
    return unary_op(c, NN_K_OP_RESHAPE, "reshape", t, NN_A_RESHAPE_DIM, d, n, (int)n, 0);
}

/* The ints of permute's arguments. */
static int int_args(struct nn_m2m_args *a, size_t skip, long long *out, size_t *n)
{
    return shape_args(a, skip, out, n);
}

/* x.permute(dims) / torch.permute(x, dims) */
static struct nn_mval *permute(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    long long d[8];
    size_t n;
    if (int_args(a, skip, d, &n))
        return nn_m2m_unmappable(&c->ev, at, "permute with dims not known statically");
    if (!(x = torch_to_cf(c, x)))
        return NULL;
    for (size_t i = 0; i < n; i++)
        d[i] = norm_dim(d[i], (int)n);
    return unary_op(c, NN_K_OP_PERMUTE, "permute", x->ptr, NN_A_PERMUTE_DIM, d, n, (int)n, 0);
}

/* x.transpose(a, b) / torch.transpose(x, a, b) */
static struct nn_mval *transpose(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *x, struct nn_m2m_args *a, size_t skip)
{
    long long d[8];
    size_t n;
    if (int_args(a, skip, d, &n) || n != 2)
        return nn_m2m_unmappable(&c->ev, at, "transpose needs two dims known statically");
    if (!(x = torch_to_cf(c, x)))
        return NULL;
    struct t_tensor *t = x->ptr;
    for (size_t i = 0; i < 2; i++)
        if ((d[i] = norm_dim(d[i], t->rank)) == BATCH_DIM)
            return nn_m2m_unmappable(&c->ev, at, "transpose with a negative dim of a tensor of "
                                                 "unknown rank");
    return unary_op(c, NN_K_OP_TRANSPOSE, "transpose", t, NN_A_TRANSPOSE_DIM, d, 2, t->rank, 0);
}

/* x.mean(dims): global average (or max) pooling when it reduces the spatial axes. */
static struct nn_mval *reduce(struct torch_ctx *c, const struct nn_py_node *at,
                              struct nn_mval *x, struct nn_mval *dims, const char *type)
{
    struct t_tensor *t = x->ptr;
    long long d[8];
    size_t n = 0;
    struct nn_m2m_args one = {.pos = &dims, .npos = 1};
    if (!dims || t->rank < 3 || shape_args(&one, 0, d, &n))
        return nn_m2m_unmappable(&c->ev, at, "this reduction has no pivot equivalent (only a "
                                             "mean/max over all spatial or time axes, rank known)");
    unsigned mask = 0;
    for (size_t i = 0; i < n; i++)
        mask |= 1u << norm_dim(d[i], t->rank);
    unsigned first = 0, last = 0;
    for (int i = 2; i < t->rank; i++)
        first |= 1u << i;
    for (int i = 1; i < t->rank - 1; i++)
        last |= 1u << i;
    if (mask != first && mask != last)
        return nn_m2m_unmappable(&c->ev, at, "this reduction has no pivot equivalent");
    x = mask == first ? to_cl(c, x, t->rank) : torch_to_cf(c, x);
    if (!x)
        return NULL;
    struct nn_elem proto = {.kind = NN_K_POOLING};
    nn_elem_set_name(c->m, &proto, NN_A_POOLING_TYPE, type);
    nn_elem_set_name(c->m, &proto, NN_A_DIMENSION,
                     nn_arena_printf(c->ev.a, "%dD", t->rank - 2));
    const char *name = full_name(c, type[7] == 'a' ? "global_avg_pool" : "global_max_pool", "pool");
    emit_layer(c, &proto, name, ((struct t_tensor *)x->ptr)->src);
    return torch_tensor(c, name, 2, 0);
}

/* A functional layer (F.relu(x), F.max_pool2d(x, 2), torch.flatten(x, 1)). */
static struct nn_mval *functional(struct torch_ctx *c, const struct nn_py_node *at,
                                  const char *fname, struct nn_m2m_args *a, struct nn_mval *x,
                                  size_t skip)
{
    const char *params;
    const struct torch_class *cls = torch_fn_named(fname, &params);
    if (!cls)
        return &nn_m2m_unhandled;
    struct nn_mval *l = torch_make_layer(c, at, cls, params, a, skip);
    if (!l)
        return NULL;
    ((struct t_layer *)l->ptr)->name = fname;
    return torch_apply(c, at, l, x);
}

/* The dim argument of cat/mean/softmax: keyword or the k-th positional. */
static struct nn_mval *dim_arg(struct nn_m2m_args *a, size_t k)
{
    struct nn_mval *v = nn_m2m_kwarg(a, "dim");
    if (!v)
        v = nn_m2m_kwarg(a, "axis");
    return v ? v : k < a->npos ? a->pos[k] : NULL;
}

/* Tensor methods and torch functions that take the tensor first. */
static struct nn_mval *tensor_fn(struct torch_ctx *c, const struct nn_py_node *at,
                                 const char *name, struct nn_mval *x, struct nn_m2m_args *a,
                                 size_t skip)
{
    if (strcmp(name, "contiguous") == 0 || strcmp(name, "float") == 0 ||
        strcmp(name, "detach") == 0 || strcmp(name, "to") == 0)
        return x;
    if (x->kind == NN_MV_HOST && x->tag == T_RNNOUT && strcmp(name, "squeeze") == 0) {
        struct t_rnn *r = x->ptr;
        if (r->which == 1 && r->index == 99 && r->layers * (r->bidir + 1) == 1)
            r->index = 0;
        return torch_as_tensor(c, at, x);
    }
    if (!(x = torch_as_tensor(c, at, x)) || x->kind != NN_MV_HOST)
        return x;
    if (strcmp(name, "view") == 0 || strcmp(name, "reshape") == 0)
        return reshape(c, at, x, a, skip);
    if (strcmp(name, "permute") == 0)
        return permute(c, at, x, a, skip);
    if (strcmp(name, "transpose") == 0)
        return transpose(c, at, x, a, skip);
    if (strcmp(name, "mean") == 0 || strcmp(name, "amax") == 0) {
        if (nn_m2m_kwarg(a, "keepdim") && nn_m2m_truth(nn_m2m_kwarg(a, "keepdim")) != 0)
            return nn_m2m_unmappable(&c->ev, at, "mean with keepdim=True has no pivot equivalent");
        return reduce(c, at, x, dim_arg(a, skip), name[0] == 'm' ? "global_average" : "global_max");
    }
    struct nn_mval *r = functional(c, at, name, a, x, skip);
    if (r != &nn_m2m_unhandled)
        return r;
    return nn_m2m_unmappable(&c->ev, at, "the tensor operation '%s' has no pivot equivalent",
                             name);
}

struct nn_mval *torch_method(struct torch_ctx *c, const struct nn_py_node *at,
                             struct nn_mval *t, const char *name, struct nn_m2m_args *args)
{
    if (strcmp(name, "size") == 0) {
        if (args->npos == 1 && args->pos[0]->kind == NN_MV_INT) {
            struct nn_mval *d = nn_m2m_host_val(&c->ev, T_DIM, t);
            if (d)
                d->i = args->pos[0]->i;
            return d;
        }
        return nn_m2m_host_val(&c->ev, T_SHAPE, t);
    }
    return tensor_fn(c, at, name, t, args, 0);
}

struct nn_mval *torch_call_fn(struct torch_ctx *c, const struct nn_py_node *at,
                              const char *name, struct nn_m2m_args *a)
{
    if (strcmp(name, "cat") == 0 || strcmp(name, "concat") == 0) {
        struct nn_mval *d = dim_arg(a, 1);
        return cat(c, at, a->npos ? a->pos[0] : nn_m2m_kwarg(a, "tensors"),
                   d && d->kind == NN_MV_INT ? d->i : 0);
    }
    static const struct {
        const char *name;
        int op;
    } binops[] = {{"add", NN_PYOP_Add}, {"mul", NN_PYOP_Mult}, {"multiply", NN_PYOP_Mult},
                  {"matmul", NN_PYOP_MatMult}, {"bmm", NN_PYOP_MatMult}, {"mm", NN_PYOP_MatMult}};
    for (size_t i = 0; i < sizeof binops / sizeof *binops; i++)
        if (strcmp(name, binops[i].name) == 0 && a->npos == 2)
            return torch_binop(&c->ev, at, binops[i].op, a->pos[0], a->pos[1]);
    if (a->npos < 1)
        return nn_m2m_unmappable(&c->ev, at, "torch.%s without a tensor argument", name);
    return tensor_fn(c, at, name, a->pos[0], a, 1);
}

/* Index of a subscript: an int, or (slice, int, slice) patterns. */
static int last_step(struct torch_ctx *c, const struct nn_py_node *idx, int batch_first)
{
    const struct nn_py_node *e = idx->kind == NN_PY_Tuple ? idx->n[0] : idx;
    if (batch_first) {
        if (!e || e->kind != NN_PY_Slice || e->n[0] || e->n[1] || e->n[2])
            return 0;
        e = e->next;
    }
    struct nn_mval *v = e ? nn_m2m_expr(&c->ev, c->ev.cur_env, e) : NULL;
    if (!v || v->kind != NN_MV_INT || v->i != -1)
        return 0;
    for (e = e->next; e; e = e->next)
        if (e->kind != NN_PY_Slice || e->n[0] || e->n[1] || e->n[2])
            return 0;
    return 1;
}

struct nn_mval *torch_subscript(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *obj, const struct nn_py_node *index)
{
    struct torch_ctx *c = torch_of(ev);
    if (obj->tag == T_SHAPE) {
        struct nn_mval *k = nn_m2m_expr(ev, ev->cur_env, index);
        struct nn_mval *d = k && k->kind == NN_MV_INT ? nn_m2m_host_val(ev, T_DIM, obj->ptr) : NULL;
        if (d)
            d->i = k->i;
        return d ? d : nn_m2m_unmappable(ev, at, "this shape index is not known statically");
    }
    if (obj->tag == T_RNNOUT) {
        struct t_rnn *r = obj->ptr, *copy = nn_arena_alloc(ev->a, sizeof *copy);
        if (!copy)
            return NULL;
        *copy = *r;
        if (r->which == 0 && last_step(c, index, r->batch_first)) {
            if (r->bidir)
                return nn_m2m_unmappable(ev, at, "the last step of a bidirectional output holds "
                                                 "the backward direction's first step; the pivot "
                                                 "has no equivalent (use the final hidden state)");
            copy->last = 1;
            return nn_m2m_host_val(ev, T_RNNOUT, copy);
        }
        struct nn_mval *k = r->which ? nn_m2m_expr(ev, ev->cur_env, index) : NULL;
        if (k && k->kind == NN_MV_INT && r->index == 99) {
            copy->index = (int)k->i;
            return nn_m2m_host_val(ev, T_RNNOUT, copy);
        }
    }
    if (!c->tracing)
        return nn_m2m_new(ev, NN_MV_UNKNOWN);
    return nn_m2m_unmappable(ev, at, "indexing a tensor has no pivot equivalent");
}
