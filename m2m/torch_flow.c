/* torch_flow.c - the dataflow of forward: modules applied to tensors,
 * recurrent outputs, and the channel-first/channel-last layout (tensor
 * operations are in torch_ops.c). */
#include <ctype.h>
#include <string.h>

#include "m2m/torch_int.h"

/* ---- names and emission ---- */

const char *nn_torch_unique(struct torch_ctx *c, const char *base)
{
    return nn_m2m_unique(&c->t.ev, &c->t.names, base);
}

/* The full name of a module: the inlined blocks' names, then its own. */
const char *nn_torch_full_name(struct torch_ctx *c, const char *local, const char *kind)
{
    const char *s = "";
    for (int i = 0; i < c->t.nprefix; i++)
        if (c->t.prefix[i] && c->t.prefix[i][0])
            s = nn_arena_printf(c->t.ev.a, "%s%s_", s, c->t.prefix[i]);
    s = nn_arena_printf(c->t.ev.a, "%s%s", s, local);
    if (isdigit((unsigned char)s[0]))
        s = nn_arena_printf(c->t.ev.a, "%s_%s", kind, s);
    char *lower = nn_arena_strdup(c->t.ev.a, s);
    for (char *p = lower; p && *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            *p = '_';
    return nn_torch_unique(c, lower);
}

/* weights: the source's parameter path of a module: the inlined blocks'
 * names, then its own, joined by "." ("layer1.0.conv1"). */
const char *nn_torch_source_path(struct torch_ctx *c, const char *local)
{
    const char *s = "";
    for (int i = 0; i < c->t.nprefix; i++)
        if (c->t.prefix[i] && c->t.prefix[i][0])
            s = nn_arena_printf(c->t.ev.a, "%s%s.", s, c->t.prefix[i]);
    return nn_arena_printf(c->t.ev.a, "%s%s", s, local);
}

/* A class name in lower case, as a default module name. */
static const char *lower_name(struct torch_ctx *c, const char *s)
{
    char *l = nn_arena_strdup(c->t.ev.a, s);
    for (char *p = l; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return l;
}

struct nn_mval *nn_torch_tensor(struct torch_ctx *c, const char *src, int rank, int cl)
{
    struct t_tensor *t = nn_arena_alloc(c->t.ev.a, sizeof *t);
    if (!t)
        return NULL;
    t->src = src;
    t->rank = rank;
    t->cl = cl;
    return nn_m2m_host_val(&c->t.ev, T_TENSOR, t);
}

/* Append a layer (a copy of proto) fed by src; returns its index. */
size_t nn_torch_emit_layer(struct torch_ctx *c, const struct nn_elem *proto, const char *name,
                        const char *src)
{
    return nn_m2m_trace_emit_layer(&c->t, proto, name, src) ? c->t.net->nlayers - 1 : 0;
}

/* Append a tensor op of kind k named after base; srcs feed it ("#x": the number x). */
struct nn_elem *nn_torch_emit_op(struct torch_ctx *c, enum nn_kind k, const char *base,
                              const char **srcs, size_t n, int always_list)
{
    int previous = n == 1 && nn_m2m_trace_is_previous(&c->t, srcs[0]);
    nn_m2m_trace_place_gaps(&c->t);
    struct nn_elem *e = nn_net_add_op(c->t.m, c->t.net);
    if (!e)
        return NULL;
    e->kind = k;
    e->name = nn_torch_full_name(c, base, base);
    if (always_list || !previous)
        nn_elem_set(c->t.m, e, NN_A_LAYERS_OF_TENSORS, nn_m2m_operands(&c->t.m->arena, srcs, n));
    nn_m2m_trace_add_module(&c->t, e);
    return e;
}

/* A one-input op with an int-list attribute; returns the new tensor. */
struct nn_mval *nn_torch_unary_op(struct torch_ctx *c, enum nn_kind k, const char *base,
                               struct t_tensor *t, enum nn_attr_id id, const long long *v,
                               size_t n, int rank, int cl)
{
    struct nn_elem *e = nn_torch_emit_op(c, k, base, &t->src, 1, 0);
    if (!e)
        return NULL;
    nn_elem_set_ints(c->t.m, e, id, v, n);
    return nn_torch_tensor(c, e->name, rank, cl);
}

/* ---- layout ---- */

/* The tensor stored channel-last (for conv-side layers of the given rank). */
struct nn_mval *nn_torch_to_cl(struct torch_ctx *c, struct nn_mval *x, int rank)
{
    struct t_tensor *t = x->ptr;
    if (t->cl)
        return x;
    long long p[8] = {0};
    for (int i = 1; i < rank - 1; i++)
        p[i] = i + 1;
    p[rank - 1] = 1;
    return nn_torch_unary_op(c, NN_K_OP_PERMUTE, "to_channels_last", t, NN_A_PERMUTE_DIM, p,
                    (size_t)rank, rank, 1);
}

struct nn_mval *nn_torch_to_cf(struct torch_ctx *c, struct nn_mval *x)
{
    struct t_tensor *t = x->ptr;
    if (!t->cl)
        return x;
    long long p[8] = {0};
    p[1] = t->rank - 1;
    for (int i = 2; i < t->rank; i++)
        p[i] = i - 1;
    return nn_torch_unary_op(c, NN_K_OP_PERMUTE, "to_channels_first", t, NN_A_PERMUTE_DIM, p,
                    (size_t)t->rank, t->rank, 0);
}

/* ---- recurrent outputs ---- */

/* Fix a recurrent layer's return_type; 0, or -1 when it is used two ways. */
int nn_torch_set_return(struct torch_ctx *c, const struct nn_py_node *at, size_t li,
                     const char *rt)
{
    struct nn_elem *e = &c->t.net->layers[li];
    const struct nn_attr *a = nn_elem_attr(e, NN_A_RETURN_TYPE);
    if (a && strcmp(a->v.s, rt) != 0) {
        nn_m2m_unmappable(&c->t.ev, at, "'%s' is used both as %s and as %s output; the pivot "
                                      "gives a recurrent layer one output", e->name, a->v.s, rt);
        return -1;
    }
    nn_elem_set_name(c->t.m, e, NN_A_RETURN_TYPE, rt);
    return 0;
}

/* A part of a recurrent result used as a tensor. */
static struct nn_mval *rnn_tensor(struct torch_ctx *c, const struct nn_py_node *at,
                                  struct t_rnn *r)
{
    const char *name = c->t.net->layers[r->layer].name;
    if (r->which == 0 && r->last)
        return nn_torch_set_return(c, at, r->layer, "last") ? NULL : nn_torch_tensor(c, name, 2, 0);
    if (r->which == 0) {
        if (nn_torch_set_return(c, at, r->layer, "full"))
            return NULL;
        struct nn_mval *t = nn_torch_tensor(c, name, 3, 0);
        long long sw[2] = {0, 1};
        return r->batch_first ? t : nn_torch_unary_op(c, NN_K_OP_TRANSPOSE, "to_time_major", t->ptr,
                                             NN_A_TRANSPOSE_DIM, sw, 2, 3, 0);
    }
    int idx = r->index < 0 ? r->index + r->layers * (r->bidir + 1) : r->index;
    if (r->which == 1 && !r->bidir && idx == r->layers - 1)
        return nn_torch_set_return(c, at, r->layer, "hidden") ? NULL : nn_torch_tensor(c, name, 2, 0);
    return nn_m2m_unmappable(&c->t.ev, at, r->which == 2
        ? "the cell state of '%s' has no pivot equivalent"
        : "this part of the final hidden state of '%s' has no pivot equivalent "
          "(the pivot has the last layer's state, both directions concatenated)", name);
}

struct nn_mval *nn_torch_as_tensor(struct torch_ctx *c, const struct nn_py_node *at,
                                struct nn_mval *v)
{
    if (v->kind == NN_MV_HOST && v->tag == T_TENSOR)
        return v;
    if (v->kind == NN_MV_HOST && v->tag == T_RNNOUT)
        return rnn_tensor(c, at, v->ptr);
    if (v->kind == NN_MV_HOST && v->tag == T_PADDED)
        return nn_torch_pad_layer(c, v->ptr);
    if (v->kind == NN_MV_UNKNOWN && c->t.ev.keep_going)
        return v;
    if (v->kind == NN_MV_HOST && (v->tag == T_PARAM || v->tag == T_FILL)) /* param */
        return nn_m2m_unmappable(&c->t.ev, at, "a learned tensor (nn.Parameter) is used only in "
                                 "arithmetic with a tensor or as p.expand(x.shape[0], -1, ...)");
    return nn_m2m_unmappable(&c->t.ev, at, "expected a tensor here, not %s",
                             nn_m2m_describe(&c->t.ev, v));
}

/* The (output, state) result of a recurrent layer at index li. */
static struct nn_mval *rnn_result(struct torch_ctx *c, size_t li, struct t_layer *l)
{
    const struct nn_elem *e = &c->t.net->layers[li];
    struct nn_mval *res = nn_m2m_seq(&c->t.ev, NN_MV_TUPLE, 2);
    struct nn_mval *parts[3];
    for (int w = 0; w < 3; w++) {
        struct t_rnn *r = nn_arena_alloc(c->t.ev.a, sizeof *r);
        if (!r)
            return NULL;
        r->layer = li;
        r->which = w;
        r->index = 99;
        r->bidir = nn_elem_bool(e, NN_A_BIDIRECTIONAL);
        r->layers = (int)nn_elem_int(e, NN_A_NUM_LAYERS);
        r->batch_first = l->batch_first;
        parts[w] = nn_m2m_host_val(&c->t.ev, T_RNNOUT, r);
    }
    nn_m2m_push(&c->t.ev, res, parts[0]);
    if (e->kind == NN_K_LSTM) {
        struct nn_mval *hc = nn_m2m_seq(&c->t.ev, NN_MV_TUPLE, 2);
        nn_m2m_push(&c->t.ev, hc, parts[1]);
        nn_m2m_push(&c->t.ev, hc, parts[2]);
        nn_m2m_push(&c->t.ev, res, hc);
    } else {
        nn_m2m_push(&c->t.ev, res, parts[1]);
    }
    return res;
}

/* ---- applying modules ---- */

/* Where a layer of this class works: 1 on channel-last conv tensors, 0 on the last axis,
 * 2 anywhere (element-wise). */
static int layer_side(const struct t_layer *l, const struct t_tensor *t)
{
    switch (nn_kind_layout(l->cls->kind)) {
    case NN_LAYOUT_CHANNELS: return 1;
    case NN_LAYOUT_CHANNELS_IF_SPATIAL: return l->cls->rank <= 1 && t->rank == 2 ? 0 : 1;
    case NN_LAYOUT_ANY: /* an activation with an axis (Softmax) reads that axis */
        return l->cls->kind != NN_K_ACTIVATION || (!l->dim_given && strcmp(l->cls->name, "Softmax") &&
                                                   strcmp(l->cls->name, "LogSoftmax")) ? 2 : 0;
    case NN_LAYOUT_LAST: case NN_LAYOUT_FLAT: return 0;
    }
    NN_UNREACHABLE();
}

/* Softmax-like layers: the axis, written only when it is not the last one. */
static void set_actv_dim(struct torch_ctx *c, struct nn_elem *e, struct t_layer *l,
                         int rank)
{
    if (!l->dim_given) {
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, l->at), NN_WARNING,
                "%s without dim: nnc uses the last axis", l->cls->name);
        return;
    }
    if (l->dim == -1 || (rank > 0 && l->dim == rank - 1))
        return;
    nn_elem_set_int(c->t.m, e, NN_A_ACTV_DIM, l->dim);
}

/* A torch.nn layer applied to x. */
static struct nn_mval *apply_layer(struct torch_ctx *c, const struct nn_py_node *at,
                                   struct t_layer *l, struct nn_mval *x)
{
    if (l->error) /* with --keep-going the tensor passes through */
        return nn_m2m_unmappable(&c->t.ev, l->error_at, "%s", l->error) ? x : NULL;
    if (l->cls->role == TR_PASS)
        return x;
    if (l->cls->role == TR_PAD)
        return nn_torch_pad_tensor(c, at, l, x);
    if (l->uses++ && !nn_kind_is_stateless(l->cls->kind))
        return nn_m2m_unmappable(&c->t.ev, at, "'%s' is applied twice (shared weights have no "
                                             "pivot equivalent)", l->name ? l->name : l->cls->name);
    struct t_tensor *t = x->ptr;
    int side = layer_side(l, t), rank = t->rank;
    long long scale[3];
    size_t nscale = 0;
    const char *why = l->nout_size ? nn_torch_size_scale(c, l, t, scale, &nscale) : NULL;
    if (why)
        return nn_m2m_unmappable(&c->t.ev, at, "%s %s", l->cls->name, why);
    if (side == 1 && !l->cls->rank && (rank = nn_torch_input_rank(c, l, t->rank)) < 0)
        return nn_m2m_unmappable(&c->t.ev, at, "%s needs an input of known rank with 1 to 3 "
                                 "spatial axes (the same at every call)", l->cls->name);
    /* BatchNorm1d normalises axis 1 of (N, C) and of (N, C, L): which one decides
     * whether the channel-last pivot needs its axes moved, so guessing either
     * writes a model that fails (or differs) on the other */
    if (side == 1 && l->cls->rank == 1 && t->rank < 0 &&
        nn_kind_layout(l->cls->kind) == NN_LAYOUT_CHANNELS_IF_SPATIAL)
        return nn_m2m_unmappable(&c->t.ev, at, "%s on an input of unknown rank: (N, C) and "
                                 "(N, C, L) need different code; give the input's shape "
                                 "(--input-shape, or a sample call in the file)", l->cls->name);
    if (side == 1) {
        rank = l->cls->rank > 0 ? l->cls->rank + 2 : rank; /* GroupNorm, Upsample: any rank */
        if (!(x = nn_torch_to_cl(c, x, rank)))
            return NULL;
    } else if (side == 0 && !(x = nn_torch_to_cf(c, x))) {
        return NULL;
    }
    t = x->ptr;
    const char *local = c->item_name ? c->item_name : l->name ? l->name : lower_name(c, l->cls->name);
    const char *name = nn_torch_full_name(c, local, lower_name(c, l->cls->name));
    size_t li = nn_torch_emit_layer(c, l->proto, name, t->src);
    c->t.net->layers[li].loc = nn_m2m_loc(&c->t.ev, l->at); /* later stages report at the constructor */
    if (nscale) /* per application: one Upsample(size=) may take inputs of several sizes */
        nn_elem_set_ints(c->t.m, &c->t.net->layers[li], NN_A_INTERPOLATE_SCALE, scale, nscale);
    if (!strcmp(l->cls->name, "Softmax") || !strcmp(l->cls->name, "LogSoftmax"))
        set_actv_dim(c, &c->t.net->layers[li], l, rank);
    c->t.net->layers[li].weights_from = nn_torch_source_path(c, local);
    if (l->cls->kind == NN_K_PRELU && rank >= 3 && rank <= 5) /* PReLU: its spatial axes */
        nn_elem_set_name(c->t.m, &c->t.net->layers[li], NN_A_DIMENSION,
                         rank == 3 ? "1D" : rank == 4 ? "2D" : "3D");
    if (nn_kind_is_rnn(l->cls->kind))
        return rnn_result(c, li, l);
    return nn_torch_tensor(c, name, nn_layer_out_rank(l->proto, rank), side == 1 || (side == 2 && t->cl));
}

/* A recurrent layer fed time-major (batch_first=False) gets a transpose first. */
static struct nn_mval *rnn_input(struct torch_ctx *c, struct t_layer *l, struct nn_mval *x)
{
    if (!nn_kind_is_rnn(l->cls->kind) || l->batch_first || l->error)
        return x;
    if (!(x = nn_torch_to_cf(c, x)))
        return NULL;
    long long sw[2] = {0, 1};
    return nn_torch_unary_op(c, NN_K_OP_TRANSPOSE, "to_batch_major", x->ptr, NN_A_TRANSPOSE_DIM, sw, 2,
                    3, 0);
}

/* Run body with a block name pushed on the prefix stack. */
/* The producing module of a tensor value, NULL for anything else. */
static const char *tensor_src(const struct nn_mval *v)
{
    if (!v || v->kind != NN_MV_HOST || v->tag != T_TENSOR)
        return NULL;
    return ((struct t_tensor *)v->ptr)->src;
}

/* A user block applied again (shared weights): its sub-network once more. */
static struct nn_mval *apply_again(struct torch_ctx *c, const struct nn_py_node *at,
                                   struct nn_block_span *s, struct nn_mval *x)
{
    const struct nn_mval *in = s->in, *out = s->out;
    const struct t_tensor *t = tensor_src(x) ? x->ptr : NULL;
    const struct t_tensor *t0 = tensor_src(in) ? in->ptr : NULL;
    const struct t_tensor *r0 = tensor_src(out) ? out->ptr : NULL;
    int same = t && t0 && r0 && t->rank == t0->rank && t->cl == t0->cl;
    const char *name = nn_block_apply_again(&c->t.ev, &c->t.names, c->t.m, c->t.net, s, at,
                                            t ? t->src : NULL, c->t.last, same);
    if (!name)
        return c->t.ev.keep_going ? x : NULL;
    c->t.last = name;
    return nn_torch_tensor(c, name, r0->rank, r0->cl);
}

static struct nn_mval *in_block(struct torch_ctx *c, const char *name, struct nn_mval *mod,
                                const struct nn_py_node *at, struct nn_m2m_args *a);

/* The arguments holding the one tensor x (pos and pn: room for one). */
static struct nn_m2m_args one_arg(struct nn_mval *x, const struct nn_py_node *at,
                                  struct nn_mval **pos, const struct nn_py_node **pn)
{
    struct nn_m2m_args a = {0};
    pos[0] = x;
    pn[0] = at;
    a.pos = pos;
    a.posnode = pn;
    a.npos = 1;
    return a;
}

/* The items of a Sequential, in order. */
static struct nn_mval *apply_seq(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct t_seq *s, struct nn_mval *x)
{
    for (size_t i = 0; x && i < s->n; i++) {
        const char *item = s->names && s->names[i] ? s->names[i]
                                                   : nn_arena_printf(c->t.ev.a, "%zu", i);
        struct nn_mval *m = s->items[i];
        if (m->kind == NN_MV_HOST && (m->tag == T_LAYER || m->tag == T_ENCODER)) {
            c->item_name = item;
            x = nn_torch_apply(c, at, m, x);
            c->item_name = NULL;
        } else {
            struct nn_mval *pos[1];
            const struct nn_py_node *pn[1];
            struct nn_m2m_args a = one_arg(x, at, pos, pn);
            x = in_block(c, item, m, at, &a);
        }
    }
    return x;
}

static struct nn_mval *apply_obj(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *obj, struct nn_m2m_args *a);

/* A block applied with several arguments (a second tensor, a keyword) is
 * inlined: its first application stays wired to them, so the same
 * instance cannot be a shared sub-network.  Reports and returns 0 when
 * the instance applied before (first) or now is such a block. */
static int again_ok(struct torch_ctx *c, const struct nn_py_node *at,
                    const struct nn_block_span *first, int several)
{
    if (!first || (!several && !first->several))
        return 1;
    nn_m2m_unmappable(&c->t.ev, at, "'%s' is applied again, and it takes several inputs: "
                      "nnc inlines such a block at each call, which would copy its weights "
                      "(shared weights are a sub-network of one input)", first->name);
    return 0;
}

/* Block mod (its identity id) applied for the first time: traced, the
 * modules it emits recorded as its span (blocks.h). */
static struct nn_mval *first_application(struct torch_ctx *c, const struct nn_py_node *at,
                                         struct nn_mval *mod, struct nn_m2m_args *a,
                                         const void *id, int several)
{
    struct nn_mval *x = a->npos ? a->pos[0] : NULL, *r;
    int seq = mod->kind == NN_MV_HOST && mod->tag == T_SEQ;
    size_t span = nn_block_open(&c->t.blocks, c->t.ev.a, c->t.net, c->t.prefix,
                                c->t.tracing ? c->t.nprefix : 0, tensor_src(x), c->t.last, id, seq);
    if (span != NN_NO_SPAN)
        c->t.blocks.spans[span].several = several;
    nn_block_set_class(&c->t.blocks, span, mod);
    r = seq ? apply_seq(c, at, mod->ptr, x) : apply_obj(c, at, mod, a);
    nn_block_close(&c->t.blocks, c->t.net, span, tensor_src(r), seq);
    if (span != NN_NO_SPAN) {
        c->t.blocks.spans[span].in = x;
        c->t.blocks.spans[span].out = r;
    }
    return r;
}

/* Block mod, called `name`, applied to the arguments a (its first the
 * tensor it is fed): traced once, applied again as its sub-network. */
static struct nn_mval *in_block(struct torch_ctx *c, const char *name, struct nn_mval *mod,
                                const struct nn_py_node *at, struct nn_m2m_args *a)
{
    if (!nn_m2m_trace_block_room(&c->t, at, 1))
        return NULL;
    struct nn_mval *x = a->npos ? a->pos[0] : NULL;
    int several = a->npos + a->nkw > 1 || a->nkw;
    const char *saved = c->item_name;
    struct nn_mval *r;
    if (nn_torch_is_subclass(mod)) { /* a layer with its own forward: no block, the layer's name */
        c->item_name = name;
        r = apply_obj(c, at, mod, a);
        c->item_name = saved;
        return r;
    }
    c->t.prefix[c->t.nprefix++] = name;
    c->item_name = NULL;
    int seq = mod->kind == NN_MV_HOST && mod->tag == T_SEQ;
    const void *id = mod->kind == NN_MV_OBJ ? (const void *)mod->env : seq ? mod->ptr : NULL;
    struct nn_block_span *first = id && c->t.tracing ? nn_block_applied(&c->t.blocks, id) : NULL;
    if (!again_ok(c, at, first, several)) {
        r = c->t.ev.keep_going ? x : NULL;
    } else if (first) {
        r = apply_again(c, at, first, x);
    } else if (id) {
        r = first_application(c, at, mod, a, id, several);
    } else {
        r = nn_torch_apply(c, at, mod, x);
    }
    c->item_name = saved;
    c->t.nprefix--;
    return r;
}

struct t_seq *nn_torch_seq_of(struct nn_mval *obj)
{
    struct nn_mval *s = obj && obj->kind == NN_MV_OBJ ? nn_m2m_lookup_here(obj->env, TORCH_SEQ_ATTR)
                                                      : NULL;
    return s && s->kind == NN_MV_HOST && s->tag == T_SEQ ? s->ptr : NULL;
}

/* A user nn.Module applied to x: its forward, inlined (an nn.Sequential
 * subclass without one: its items). */
static struct nn_mval *apply_obj(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *obj, struct nn_m2m_args *a)
{
    struct nn_mval *fwd = nn_m2m_method(obj->cls, "forward");
    if (!fwd && nn_torch_seq_of(obj) && a->npos == 1 && !a->nkw)
        return apply_seq(c, at, nn_torch_seq_of(obj), a->pos[0]);
    if (!fwd)
        return nn_m2m_unmappable(&c->t.ev, at, "%s has no forward method%s",
                                 nn_m2m_describe(&c->t.ev, obj),
                                 nn_torch_seq_of(obj) ? " taking several inputs" : "");
    return nn_m2m_call_func(&c->t.ev, at, fwd, obj, a);
}

struct nn_mval *nn_torch_apply(struct torch_ctx *c, const struct nn_py_node *at,
                            struct nn_mval *mod, struct nn_mval *x)
{
    if (mod->kind == NN_MV_UNKNOWN) { /* with --keep-going the tensor passes through */
        if (c->t.ev.keep_going && mod->s && !mod->s[0])
            return x;
        return nn_m2m_unmappable(&c->t.ev, mod->node ? mod->node : at, "%s",
                                 mod->s && mod->s[0] ? mod->s : "unknown module") ? x : NULL;
    }
    struct nn_mval *pos[1];
    const struct nn_py_node *pn[1];
    struct nn_m2m_args a = one_arg(x, at, pos, pn);
    if (mod->kind == NN_MV_OBJ)
        return in_block(c, mod->origin, mod, at, &a);
    if (mod->kind == NN_MV_HOST && mod->tag == T_SEQ)
        return in_block(c, ((struct t_seq *)mod->ptr)->name, mod, at, &a);
    if (mod->kind == NN_MV_HOST && mod->tag == T_ENCODER)
        return nn_torch_encoder_apply(c, at, mod->ptr, x);
    if (mod->kind != NN_MV_HOST || mod->tag != T_LAYER)
        return nn_m2m_unmappable(&c->t.ev, at, "cannot apply %s to a tensor",
                                 nn_m2m_describe(&c->t.ev, mod));
    struct t_layer *orig = mod->ptr, *l = nn_torch_pad_fold(c, at, orig, &x);
    if (!l || !(x = nn_torch_as_tensor(c, at, x)))
        return NULL;
    if (x->kind == NN_MV_UNKNOWN)
        return x;
    x = rnn_input(c, l, x);
    struct nn_mval *y = x ? apply_layer(c, at, l, x) : NULL;
    orig->uses = l->uses; /* l may be a copy that absorbed a padding */
    return y;
}

struct nn_mval *nn_torch_apply_block(struct torch_ctx *c, const struct nn_py_node *at,
                                     struct nn_mval *obj, struct nn_m2m_args *a)
{
    return in_block(c, obj->origin, obj, at, a);
}
