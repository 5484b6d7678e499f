/* keras_flow.c - the dataflow of Keras models: layers applied to symbolic
 * tensors (in call(), in a Sequential, in a keras.Input graph), merges,
 * TensorFlow tensor functions, operators and recurrent outputs.  Keras and
 * the pivot are both channel-last, so no layout bookkeeping is needed. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "m2m/keras_int.h"

#define BATCH_DIM (-1000)

/* ---- names and emission ---- */

const char *nn_keras_unique(struct keras_ctx *c, const char *base)
{
    return nn_m2m_unique(&c->t.ev, &c->t.names, base);
}

/* A class name in Keras's snake case ("MaxPooling2D" -> "max_pooling2d"). */
static const char *snake(struct keras_ctx *c, const char *s)
{
    char buf[128];
    size_t n = 0;
    for (size_t i = 0; s[i] && n < sizeof buf - 2; i++) {
        if (i && isupper((unsigned char)s[i]) && islower((unsigned char)s[i - 1]))
            buf[n++] = '_';
        buf[n++] = (char)tolower((unsigned char)s[i]);
    }
    buf[n] = 0;
    return nn_arena_strdup(c->t.ev.a, buf);
}

/* The full name of a module: the inlined blocks' names, then its own. */
static const char *full_name(struct keras_ctx *c, const char *local)
{
    const char *s = "";
    for (int i = 0; i < c->t.nprefix; i++)
        if (c->t.prefix[i] && c->t.prefix[i][0])
            s = nn_arena_printf(c->t.ev.a, "%s%s_", s, c->t.prefix[i]);
    if (strncmp(local, s, strlen(s)) != 0) /* "rnn_1" in block "rnn" has its path already */
        s = nn_arena_printf(c->t.ev.a, "%s%s", s, local);
    else
        s = local;
    char *clean = nn_arena_strdup(c->t.ev.a, s);
    for (char *p = clean; p && *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            *p = '_';
    if (clean && isdigit((unsigned char)clean[0]))
        clean = nn_arena_printf(c->t.ev.a, "m_%s", clean);
    return nn_keras_unique(c, clean);
}

struct nn_mval *nn_keras_tensor(struct keras_ctx *c, const char *src, int rank)
{
    struct k_tensor *t = nn_arena_alloc(c->t.ev.a, sizeof *t);
    if (!t)
        return NULL;
    t->src = src;
    t->rank = rank;
    return nn_m2m_host_val(&c->t.ev, K_TENSOR, t);
}

/* Append a tensor op of kind k named after base; srcs feed it ("#n": a scalar). */
static struct nn_elem *emit_op(struct keras_ctx *c, enum nn_kind k, const char *base,
                               const char **srcs, size_t n, int always_list)
{
    int previous = n == 1 && nn_m2m_trace_is_previous(&c->t, srcs[0]);
    nn_m2m_trace_place_gaps(&c->t);
    struct nn_elem *e = nn_net_add_op(c->t.m, c->t.net);
    if (!e)
        return NULL;
    e->kind = k;
    e->name = full_name(c, base);
    if (always_list || !previous)
        nn_elem_set(c->t.m, e, NN_A_LAYERS_OF_TENSORS, nn_m2m_operands(&c->t.m->arena, srcs, n));
    nn_m2m_trace_add_module(&c->t, e);
    return e;
}

/* A one-input op with an int-list attribute; returns the new tensor. */
static struct nn_mval *unary_op(struct keras_ctx *c, enum nn_kind k, const char *base,
                                struct k_tensor *t, enum nn_attr_id id, const long long *v,
                                size_t n, int rank)
{
    struct nn_elem *e = emit_op(c, k, base, &t->src, 1, 0);
    if (!e)
        return NULL;
    nn_elem_set_ints(c->t.m, e, id, v, n);
    return nn_keras_tensor(c, e->name, rank);
}

/* ---- tensors ---- */

/* A recurrent state output (return_state=True) used as a tensor. */
static struct nn_mval *rnn_state(struct keras_ctx *c, const struct nn_py_node *at,
                                 struct k_rnn *r)
{
    struct nn_elem *e = &c->t.net->layers[r->layer];
    if (r->which == 1 && !r->bidir && strcmp(nn_elem_str(e, NN_A_RETURN_TYPE), "last") == 0)
        return nn_keras_tensor(c, e->name, 2); /* h equals the last output */
    return nn_m2m_unmappable(&c->t.ev, at, r->which == 2
        ? "the cell state of '%s' has no pivot equivalent"
        : "this final state of '%s' has no pivot equivalent (the pivot gives a recurrent "
          "layer one output: use return_sequences=False and its output)", e->name);
}

struct nn_mval *nn_keras_as_tensor(struct keras_ctx *c, const struct nn_py_node *at,
                                struct nn_mval *v)
{
    if (v->kind == NN_MV_HOST && v->tag == K_TENSOR && ((struct k_tensor *)v->ptr)->pad) {
        struct k_tensor *t = v->ptr; /* zero padding no convolution consumes: a Padding layer */
        long long p[3] = {t->pad, t->pad, t->pad};
        int r = t->rank - 2;
        struct nn_mval *x = r >= 1 && r <= 3 ? nn_keras_tensor(c, t->src, t->rank) : NULL;
        if (!x)
            return nn_m2m_unmappable(&c->t.ev, at, "zero padding of a tensor of unknown rank "
                                                 "has no pivot equivalent");
        return nn_keras_pad_layer(c, NULL, "ZeroPadding", x, r, p, p, 1);
    }
    if (v->kind == NN_MV_HOST && v->tag == K_TENSOR && ((struct k_tensor *)v->ptr)->cropped)
        return nn_m2m_unmappable(&c->t.ev, at, "the output of '%s' is used both cropped and "
                                 "uncropped: no pivot equivalent",
                                 ((struct k_tensor *)v->ptr)->src);
    if (v->kind == NN_MV_HOST && v->tag == K_TENSOR)
        return v;
    if (v->kind == NN_MV_HOST && v->tag == K_RNNOUT)
        return rnn_state(c, at, v->ptr);
    if (v->kind == NN_MV_UNKNOWN && v->node && v->s && !nn_m2m_reported(v)) {
        struct nn_mval *r = nn_m2m_unmappable(&c->t.ev, v->node, "%s", v->s);
        v->s = ""; /* reported (a gap with --keep-going): once */
        return r;
    }
    if (v->kind == NN_MV_UNKNOWN && c->t.ev.keep_going)
        return v;
    if (v->kind == NN_MV_HOST && v->tag == K_WEIGHT) /* layerscale */
        return nn_m2m_unmappable(&c->t.ev, at, "a weight made by add_weight is a tensor only "
                                 "in arithmetic with a tensor of call() or repeated over its "
                                 "batch (broadcast_to, tile, repeat)");
    return nn_m2m_unmappable(&c->t.ev, at, "expected a tensor here, not %s",
                             nn_m2m_describe(&c->t.ev, v));
}

int nn_keras_has_tensor(struct nn_m2m_args *a)
{
    for (size_t i = 0; i < a->npos; i++) {
        struct nn_mval *v = a->pos[i];
        if (v->kind == NN_MV_HOST && v->tag == K_RNNOUT)
            return 1;
        if (v->kind == NN_MV_HOST && v->tag == K_TENSOR && !((struct k_tensor *)v->ptr)->sample)
            return 1;
        for (size_t k = 0; (v->kind == NN_MV_LIST || v->kind == NN_MV_TUPLE) && k < v->n; k++)
            if (v->items[k]->kind == NN_MV_HOST && v->items[k]->tag == K_TENSOR &&
                !((struct k_tensor *)v->items[k]->ptr)->sample)
                return 1;
    }
    return 0;
}

/* An axis counting the batch as 0; negative ones resolved by the rank. */
static long long norm_axis(long long d, int rank)
{
    return d < 0 && rank > 0 ? d + rank : d;
}

/* ---- layers ---- */

/* The list a recurrent layer with return_state=True returns. */
static struct nn_mval *rnn_states(struct keras_ctx *c, struct nn_mval *out, size_t li,
                                  struct k_layer *l)
{
    struct nn_mval *res = nn_m2m_seq(&c->t.ev, NN_MV_LIST, 5);
    int bidir = nn_elem_bool(&c->t.net->layers[li], NN_A_BIDIRECTIONAL);
    int per = l->cls->kind == NN_K_LSTM ? 2 : 1;
    nn_m2m_push(&c->t.ev, res, out);
    for (int d = 0; d <= bidir; d++)
        for (int w = 1; w <= per; w++) {
            struct k_rnn *r = nn_arena_alloc(c->t.ev.a, sizeof *r);
            if (!r)
                return NULL;
            r->layer = li;
            r->which = w;
            r->bidir = bidir;
            nn_m2m_push(&c->t.ev, res, nn_m2m_host_val(&c->t.ev, K_RNNOUT, r));
        }
    return res;
}

/* Remember a LayerNorm layer; an allocation failure stays in the arena's flag. */
static void note_layer_norm(struct keras_ctx *c, const char *name, int axes)
{
    if (c->nln == c->capln) {
        size_t cap = c->capln ? 2 * c->capln : 16;
        struct k_ln *ln = nn_arena_grow(c->t.ev.a, c->ln, c->nln, cap, sizeof *ln);
        if (!ln)
            return;
        c->ln = ln;
        c->capln = cap;
    }
    c->ln[c->nln].name = name;
    c->ln[c->nln++].axes = axes;
}

/* Kind attributes that depend on the input: BatchNorm's dimension, the activation axis. */
static void input_attrs(struct keras_ctx *c, struct nn_elem *e, struct k_layer *l, int rank)
{
    static const char *const dimnames[] = {"1D", "1D", "1D", "2D", "3D"};
    if (l->cls->kind == NN_K_BATCH_NORM)
        nn_elem_set_name(c->t.m, e, NN_A_DIMENSION, dimnames[rank >= 0 && rank <= 5 ? (rank ? rank - 1 : 0) : 0]);
    if (l->axis_given && l->cls->role == KR_ACT && norm_axis(l->axis, rank) != rank - 1)
        nn_elem_set_int(c->t.m, e, NN_A_ACTV_DIM, l->axis);
    if (l->depth_mult) { /* its channel counts come from shape inference */
        struct k_depthwise *dw = nn_arena_alloc(c->t.ev.a, sizeof *dw);
        if (dw) {
            *dw = (struct k_depthwise){e->name, l->depth_mult, c->depthwise};
            c->depthwise = dw;
        }
    }
    /* LayerNorm, RMSNorm: sizes come from shape inference (keras_shape.c) */
    if (nn_kind_size_attr(l->cls->kind) == NN_A_NORMALIZED_SHAPE)
        note_layer_norm(c, e->name, l->ln_axes >= 100 ? rank - (l->ln_axes - 100) : l->ln_axes);
}

/* Record the input shape a layer gives (input_shape=) when it reads the network input. */
static void layer_input_shape(struct keras_ctx *c, struct k_layer *l, struct k_tensor *t)
{
    if (strcmp(t->src, "input") != 0 || l->nshape < 0 || c->t.ninput_shape >= 0)
        return;
    c->t.ninput_shape = l->nshape;
    memcpy(c->t.input_shape, l->shape, sizeof l->shape);
    if (t->rank < 0)
        t->rank = l->nshape + 1;
}

/* Stateless layers may be applied more than once. */
static int stateless(const struct k_layer *l)
{
    return l->cls->role != KR_LAYER || nn_kind_is_stateless(l->cls->kind);
}
const char *nn_keras_layer_name(struct keras_ctx *c, const struct k_layer *l)
{
    /* name= too: inside a block, its path */
    return full_name(c, l->name ? l->name : snake(c, l->cls->name));
}

/* weights: the source layer's place: the enclosing blocks' names, then its
 * name= (or, without one, the attribute it was stored under, else the name
 * Keras gave it), joined by "/". */
static const char *source_path(struct keras_ctx *c, const struct k_layer *l)
{
    const char *s = "";
    for (int i = 0; i < c->t.nprefix; i++)
        if (c->t.prefix[i] && c->t.prefix[i][0])
            s = nn_arena_printf(c->t.ev.a, "%s%s/", s, c->t.prefix[i]);
    const char *own = l->name ? l->name : l->auto_name;
    return own ? nn_arena_printf(c->t.ev.a, "%s%s", s, own) : NULL;
}

/* A plain layer (or an activation layer) applied to x. */
static struct nn_mval *apply_plain(struct keras_ctx *c, struct k_layer *l, struct nn_mval *x,
                                   const struct k_layer *bidir)
{
    struct k_tensor *t = x->ptr;
    if ((l->cls->kind == NN_K_BATCH_NORM || l->cls->kind == NN_K_STANDARDIZE) && l->axis_given &&
        norm_axis(l->axis, t->rank) != t->rank - 1)
        return nn_m2m_unmappable(&c->t.ev, l->at, "%s: only the last axis (the channels, -1) has "
                                 "a pivot equivalent, not axis=%lld", l->cls->name, l->axis);
    const char *why = l->cls->kind == NN_K_PRELU && l->cls->role == KR_LAYER
                          ? nn_keras_prelu_apply(c, l, t->rank) : NULL;
    if (why)
        return nn_m2m_unmappable(&c->t.ev, l->at, "%s", why);
    layer_input_shape(c, l, t);
    const char *name = l->full ? l->full : nn_keras_layer_name(c, l);
    struct nn_elem *e = nn_m2m_trace_emit_layer(&c->t, l->proto, name, t->src);
    if (!e)
        return NULL;
    e->loc = nn_m2m_loc(&c->t.ev, l->at);
    e->weights_from = source_path(c, bidir ? bidir : l); /* a wrapper's (Bidirectional,
                                                               * TimeDistributed) */
    input_attrs(c, e, l, t->rank);
    if (!nn_kind_is_rnn(l->cls->kind))
        return nn_keras_tensor(c, name, nn_layer_out_rank(e, t->rank));
    nn_elem_set_name(c->t.m, e, NN_A_RETURN_TYPE, l->ret_seq ? "full" : "last");
    if (bidir)
        nn_elem_set_bool(c->t.m, e, NN_A_BIDIRECTIONAL, 1);
    struct nn_mval *out = nn_keras_tensor(c, name, nn_layer_out_rank(e, t->rank));
    return l->ret_state ? rnn_states(c, out, c->t.net->nlayers - 1, l) : out;
}

struct nn_mval *nn_keras_apply_plain(struct keras_ctx *c, struct k_layer *l, struct nn_mval *x)
{
    return apply_plain(c, l, x, NULL);
}

/* Bidirectional(layer) or TimeDistributed(Dense) applied to x. */
static struct nn_mval *apply_bidir(struct keras_ctx *c, const struct nn_py_node *at,
                                   struct k_layer *w, struct nn_mval *x)
{
    int td = strcmp(w->cls->name, "TimeDistributed") == 0;
    const char *need = td ? "TimeDistributed has a pivot equivalent around a Dense layer only"
                          : "Bidirectional needs a recurrent layer";
    struct nn_mval *in = w->inner;
    if (!in || in->kind != NN_MV_HOST || in->tag != K_LAYER)
        return nn_m2m_unmappable(&c->t.ev, w->at, "%s", need);
    struct k_layer *l = in->ptr;
    if (l->error)
        return nn_m2m_unmappable(&c->t.ev, l->error_at, "%s", l->error) ? x : NULL;
    if (td ? l->cls->kind != NN_K_LINEAR || l->cls->role != KR_LAYER : !nn_kind_is_rnn(l->cls->kind))
        return nn_m2m_unmappable(&c->t.ev, at, "%s", need);
    if (w->named && !l->named) {
        l->name = w->name;
        l->named = 1;
    } else if (!l->name) {
        l->name = w->name ? w->name : td ? "time_distributed" : "bidirectional";
    }
    if (w->nshape >= 0 && l->nshape < 0) {
        l->nshape = w->nshape;
        memcpy(l->shape, w->shape, sizeof w->shape);
    }
    return apply_plain(c, l, x, w);
}

/* An int list argument (target_shape, dims) as ints. */
static int int_list(struct nn_mval *v, long long *out, size_t *n)
{
    if (!v || (v->kind != NN_MV_TUPLE && v->kind != NN_MV_LIST) || v->n > 7)
        return -1;
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i]->kind != NN_MV_INT)
            return -1;
        out[i] = v->items[i]->i;
    }
    *n = v->n;
    return 0;
}

/* Reshape(target_shape) / Permute(dims): ops with the batch axis added. */
static struct nn_mval *apply_shape_layer(struct keras_ctx *c, struct k_layer *l,
                                         struct nn_mval *x)
{
    long long d[8];
    size_t n;
    if (int_list(l->inner, d + 1, &n))
        return nn_m2m_unmappable(&c->t.ev, l->at, "%s needs a tuple of ints known statically",
                                 l->cls->name);
    struct k_tensor *t = x->ptr;
    const char *base = l->name ? l->name : snake(c, l->cls->name);
    d[0] = l->cls->role == KR_RESHAPE ? -1 : 0;
    return unary_op(c, l->cls->role == KR_RESHAPE ? NN_K_OP_RESHAPE : NN_K_OP_PERMUTE, base, t,
                    l->cls->role == KR_RESHAPE ? NN_A_RESHAPE_DIM : NN_A_PERMUTE_DIM, d, n + 1,
                    (int)n + 1);
}

/* A merge of a list of tensors: concatenate, add, multiply. */
static struct nn_mval *merge(struct keras_ctx *c, const struct nn_py_node *at, enum nn_kind op,
                             const char *base, struct nn_mval *list, long long axis)
{
    if (!list || (list->kind != NN_MV_LIST && list->kind != NN_MV_TUPLE) || list->n < 2)
        return nn_m2m_unmappable(&c->t.ev, at, "a merge needs a list of tensors known statically");
    const char **srcs = nn_arena_alloc(c->t.ev.a, list->n * sizeof *srcs);
    int rank = -1;
    for (size_t i = 0; srcs && i < list->n; i++) {
        struct nn_mval *v = nn_keras_as_tensor(c, at, list->items[i]);
        if (!v || v->kind != NN_MV_HOST)
            return v;
        srcs[i] = ((struct k_tensor *)v->ptr)->src;
        rank = ((struct k_tensor *)v->ptr)->rank;
    }
    if (op == NN_K_OP_MULTIPLY && list->n != 2)
        return nn_m2m_unmappable(&c->t.ev, at, "multiplying more than two tensors has no pivot "
                                             "equivalent");
    struct nn_elem *e = emit_op(c, op, base, srcs, list->n, 1);
    if (!e)
        return NULL;
    if (op == NN_K_OP_CONCATENATE) {
        if (axis < 0 && rank < 0)
            return nn_m2m_unmappable(&c->t.ev, at, "concatenation on a negative axis of a tensor "
                                                 "of unknown rank");
        nn_elem_set_int(c->t.m, e, NN_A_CONCATENATE_DIM, norm_axis(axis, rank));
    }
    return nn_keras_tensor(c, e->name, rank);
}

/* ZeroPadding(p) applied to x: the same amount on every side waits for the
 * next convolution; any other is a Padding layer. */
static struct nn_mval *apply_pad(struct keras_ctx *c, struct k_layer *l, struct nn_mval *x)
{
    int r = l->cls->name[11] - '0'; /* ZeroPadding2D */
    long long before[3], after[3], amount;
    if (!nn_keras_pad_amounts(l, r, before, after))
        return nn_m2m_unmappable(&c->t.ev, l->at, "%s: expects one int, or one int or "
                                 "(before, after) per axis, known statically", l->cls->name);
    amount = before[0];
    for (int a = 0; a < r; a++)
        amount = before[a] == before[0] && after[a] == before[0] ? amount : -1;
    if (amount <= 0)
        return nn_keras_pad_layer(c, l, l->cls->name, x, r, before, after, 1);
    struct k_tensor *t = x->ptr;
    struct nn_mval *y = nn_keras_tensor(c, t->src, t->rank);
    if (y)
        ((struct k_tensor *)y->ptr)->pad = amount;
    return y;
}

/* A convolution reading a zero-padded tensor takes the padding as its padding_amount. */
static struct nn_mval *padded_input(struct keras_ctx *c, const struct nn_py_node *at,
                                    struct k_layer *l, struct nn_mval *x, long long *pad)
{
    struct k_tensor *t = x->kind == NN_MV_HOST && x->tag == K_TENSOR ? x->ptr : NULL;
    *pad = 0;
    if (!t || !t->pad)
        return x;
    if (l->cls->role != KR_LAYER || !nn_kind_is_conv(l->cls->kind) ||
        strcmp(nn_elem_str(l->proto, NN_A_PADDING_TYPE), "valid") != 0)
        return nn_keras_as_tensor(c, at, x); /* a Padding layer */
    *pad = t->pad;
    return nn_keras_tensor(c, t->src, t->rank);
}

/* A Keras layer object applied to x (apply_layer below). */
static struct nn_mval *apply_layer_at(struct keras_ctx *c, const struct nn_py_node *at,
                                      struct k_layer *l, struct nn_mval *x)
{
    if (l->error) /* with --keep-going the tensor passes through */
        return nn_m2m_unmappable(&c->t.ev, l->error_at, "%s", l->error) ? x : NULL;
    if (l->cls->role == KR_MERGE) {
        const struct keras_class *cls;
        enum nn_kind op = (enum nn_kind)nn_keras_merge_fn(l->cls->name, &cls);
        return merge(c, at, op, l->name ? l->name : snake(c, l->cls->name), x,
                     l->axis_given ? l->axis : -1);
    }
    long long pad;
    if (!(x = padded_input(c, at, l, x, &pad)) || !(x = nn_keras_as_tensor(c, at, x)) ||
        x->kind != NN_MV_HOST)
        return x;
    if (l->uses++ && !stateless(l))
        return nn_m2m_unmappable(&c->t.ev, at, "'%s' is applied twice (shared weights have no "
                                             "pivot equivalent)", l->name ? l->name : l->cls->name);
    switch (l->cls->role) {
    case KR_PASS:
        if (strncmp(l->cls->name, "Random", 6) == 0 && !c->naugment++) {
            c->augment_at = l->at; /* one note per model (keras_main.c) */
            c->augment_what = l->cls->name;
        }
        /* fall through */
    case KR_INPUT: layer_input_shape(c, l, x->ptr); return x;
    case KR_WRAP: return apply_bidir(c, at, l, x);
    case KR_PAD: return apply_pad(c, l, x);
    case KR_CROP: return nn_keras_apply_crop(c, l, x);
    case KR_RESCALE: return nn_keras_top_rescale(c, at, l, x);
    case KR_RESHAPE:
    case KR_PERMUTE: return apply_shape_layer(c, l, x);
    case KR_ACT: /* layerscale: Activation("linear") (ConvNeXt's identity) passes x on */
        if (strcmp(l->cls->name, "Activation") == 0 && !nn_elem_has(l->proto, NN_A_ACTV_FUNC))
            return x;
        break;
    default: break;
    }
    if (l->separable)
        return nn_keras_apply_separable(c, l, x, pad);
    struct nn_mval *y = apply_plain(c, l, x, NULL);
    if (y && pad)
        nn_elem_set_int(c->t.m, &c->t.net->layers[c->t.net->nlayers - 1], NN_A_PADDING_AMOUNT, pad);
    return y;
}

/* A Keras layer object applied to x.  What it adds to the pivot is placed
 * at the layer's constructor call (a Sequential applies its items with no
 * call of their own). */
static struct nn_mval *apply_layer(struct keras_ctx *c, const struct nn_py_node *at,
                                   struct k_layer *l, struct nn_mval *x)
{
    const struct nn_py_node *outer = c->t.ev.site;
    c->t.ev.site = l->at ? l->at : outer;
    struct nn_mval *y = apply_layer_at(c, at, l, x);
    c->t.ev.site = outer;
    return y;
}

/* ---- containers and user blocks ---- */

static struct nn_mval *apply_obj(struct keras_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *obj, struct nn_mval *x);

/* The items of a Sequential, in order. */
static struct nn_mval *apply_seq(struct keras_ctx *c, const struct nn_py_node *at,
                                 struct k_seq *s, struct nn_mval *x)
{
    for (size_t i = 0; x && i < s->n; i++) {
        struct nn_mval *m = s->items[i];
        if (m->kind == NN_MV_HOST && m->tag == K_TENSOR)
            continue; /* keras.Input(...) first: the input shape, recorded when built */
        x = nn_keras_apply(c, at, m, x);
    }
    return x;
}

/* The producing module of a tensor value, NULL for anything else. */
static const char *tensor_src(const struct nn_mval *v)
{
    if (!v || v->kind != NN_MV_HOST || v->tag != K_TENSOR)
        return NULL;
    return ((struct k_tensor *)v->ptr)->src;
}

/* A user layer applied again (shared weights): its sub-network once more. */
static struct nn_mval *apply_again(struct keras_ctx *c, const struct nn_py_node *at,
                                   struct nn_block_span *s, struct nn_mval *x)
{
    const struct nn_mval *in = s->in, *out = s->out;
    const struct k_tensor *t = tensor_src(x) ? x->ptr : NULL;
    const struct k_tensor *t0 = tensor_src(in) ? in->ptr : NULL;
    const struct k_tensor *r0 = tensor_src(out) ? out->ptr : NULL;
    int same = t && t0 && r0 && t->rank == t0->rank && !t->pad && !t0->pad;
    const char *name = nn_block_apply_again(&c->t.ev, &c->t.names, c->t.m, c->t.net, s, at,
                                            t ? t->src : NULL, c->t.last, same);
    if (!name)
        return c->t.ev.keep_going ? x : NULL;
    c->t.last = name;
    return nn_keras_tensor(c, name, r0->rank);
}

/* Run a block with its name pushed on the prefix stack; a user layer traced
 * in call() is a candidate sub-network, a named Sequential one only when it
 * is applied again (blocks.h). */
static struct nn_mval *in_block(struct keras_ctx *c, const char *name, struct nn_mval *mod,
                                const struct nn_py_node *at, struct nn_mval *x)
{
    if (!nn_m2m_trace_block_room(&c->t, at, 1))
        return NULL;
    c->t.prefix[c->t.nprefix++] = name;
    struct nn_mval *r;
    int seq = mod->kind != NN_MV_OBJ;
    const void *id = seq ? mod->ptr : (const void *)mod->env;
    struct nn_block_span *first = c->t.tracing ? nn_block_applied(&c->t.blocks, id) : NULL;
    if (first) {
        r = apply_again(c, at, first, x);
    } else {
        size_t span = nn_block_open(&c->t.blocks, c->t.ev.a, c->t.net, c->t.prefix,
                                    c->t.tracing ? c->t.nprefix : 0, tensor_src(x), c->t.last, id, seq);
        nn_block_set_class(&c->t.blocks, span, mod);
        r = seq ? apply_seq(c, at, mod->ptr, x) : apply_obj(c, at, mod, x);
        nn_block_close(&c->t.blocks, c->t.net, span, tensor_src(r), seq);
        if (span != NN_NO_SPAN) {
            c->t.blocks.spans[span].in = x;
            c->t.blocks.spans[span].out = r;
        }
    }
    c->t.nprefix--;
    return r;
}

struct k_seq *nn_keras_seq_of(struct nn_mval *obj)
{
    struct nn_mval *s = obj && obj->kind == NN_MV_OBJ ? nn_m2m_lookup_here(obj->env, KERAS_SEQ_ATTR)
                                                      : NULL;
    return s && s->kind == NN_MV_HOST && s->tag == K_SEQ ? s->ptr : NULL;
}

/* A user Layer/Model applied to x: its call(), inlined (a keras.Sequential
 * subclass without one: its layers). */
static struct nn_mval *apply_obj(struct keras_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *obj, struct nn_mval *x)
{
    struct nn_mval *fn = nn_m2m_method(obj->cls, "call");
    if (!fn && nn_keras_seq_of(obj))
        return apply_seq(c, at, nn_keras_seq_of(obj), x);
    struct nn_mval *bw = nn_m2m_method(obj->cls, "build");
    if (fn && bw && !nn_keras_build_once(c, at, obj, bw, x)) /* layerscale */
        return NULL;
    if (!fn)
        return nn_m2m_unmappable(&c->t.ev, at, "%s has no call method",
                                 nn_m2m_describe(&c->t.ev, obj));
    struct nn_mval *pos[1] = {x};
    const struct nn_py_node *pn[1] = {at};
    struct nn_m2m_args a = {.pos = pos, .posnode = pn, .npos = 1};
    int tracing = c->t.tracing;
    c->t.tracing = 1;
    struct nn_mval *r = nn_m2m_call_func(&c->t.ev, at, fn, obj, &a);
    c->t.tracing = tracing;
    return r;
}

struct nn_mval *nn_keras_apply(struct keras_ctx *c, const struct nn_py_node *at,
                            struct nn_mval *mod, struct nn_mval *x)
{
    if (c->t.ev.importing) /* kshape: an imported file's module level traces nothing */
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    if (mod->kind == NN_MV_HOST && mod->tag == K_LAYER)
        return apply_layer(c, at, mod->ptr, x);
    if (!(x = nn_keras_as_tensor(c, at, x)) || x->kind != NN_MV_HOST)
        return x;
    if (mod->kind == NN_MV_HOST && mod->tag == K_SEQ) {
        struct k_seq *s = mod->ptr;
        return s->name && c->t.nprefix + 1 < NN_M2M_MAX_PREFIX ? in_block(c, s->name, mod, at, x)
                                                         : apply_seq(c, at, s, x);
    }
    if (mod->kind == NN_MV_OBJ)
        return in_block(c, mod->origin ? mod->origin : "", mod, at, x);
    if (mod->kind == NN_MV_UNKNOWN && mod->node && mod->s)
        return nn_m2m_unmappable(&c->t.ev, mod->node, "%s", mod->s);
    return nn_m2m_unmappable(&c->t.ev, at, "%s cannot be applied to a tensor by nnc",
                             nn_m2m_describe(&c->t.ev, mod));
}

/* ---- TensorFlow functions and operators ---- */

/* The ints of a shape; tf.shape(x)[0] and None are the batch. */
static int shape_ints(struct nn_mval *v, long long *out, size_t *n)
{
    if (!v || (v->kind != NN_MV_TUPLE && v->kind != NN_MV_LIST) || v->n > 8)
        return -1;
    for (size_t i = 0; i < v->n; i++) {
        struct nn_mval *x = v->items[i];
        if (x->kind == NN_MV_HOST && x->tag == K_DIM && x->i == 0)
            out[i] = BATCH_DIM;
        else if (x->kind == NN_MV_INT)
            out[i] = x->i;
        else if (x->kind == NN_MV_NONE)
            out[i] = BATCH_DIM;
        else
            return -1;
    }
    *n = v->n;
    return 0;
}

/* tf.reshape(x, shape): a Flatten when it keeps the batch and flattens the rest. */
static struct nn_mval *reshape(struct keras_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, struct nn_mval *shape)
{
    long long d[8];
    size_t n;
    if (shape_ints(shape, d, &n))
        return nn_m2m_unmappable(&c->t.ev, at, "reshape to a shape not known statically");
    struct k_tensor *t = x->ptr;
    if (n == 2 && d[0] == BATCH_DIM && d[1] == -1) {
        struct nn_elem proto = {.kind = NN_K_FLATTEN};
        struct nn_elem *e = nn_m2m_trace_emit_layer(&c->t, &proto, full_name(c, "flatten"), t->src);
        return e ? nn_keras_tensor(c, e->name, 2) : NULL;
    }
    int unknown = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i] == BATCH_DIM || d[i] == -1)
            d[i] = -1, unknown++;
    if (unknown > 1)
        return nn_m2m_unmappable(&c->t.ev, at, "reshape with two unknown sizes (batch and -1) "
                                             "has no pivot equivalent");
    return unary_op(c, NN_K_OP_RESHAPE, "reshape", t, NN_A_RESHAPE_DIM, d, n, (int)n);
}

/* tf.transpose(x, perm): a permute (a transpose when it swaps two axes). */
static struct nn_mval *transpose(struct keras_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *x, struct nn_mval *perm)
{
    long long d[8];
    size_t n;
    if (int_list(perm, d, &n) || d[0] != 0)
        return nn_m2m_unmappable(&c->t.ev, at, "transpose needs a perm known statically that "
                                             "keeps the batch axis first");
    return unary_op(c, NN_K_OP_PERMUTE, "permute", x->ptr, NN_A_PERMUTE_DIM, d, n, (int)n);
}

/* ops.swapaxes(x, a, b): a transpose. */
static struct nn_mval *swapaxes(struct keras_ctx *c, const struct nn_py_node *at,
                                struct nn_mval *x, struct nn_mval *a1, struct nn_mval *a2)
{
    if (!a1 || !a2 || a1->kind != NN_MV_INT || a2->kind != NN_MV_INT)
        return nn_m2m_unmappable(&c->t.ev, at, "swapaxes needs two axes known statically");
    long long d[2] = {a1->i, a2->i};
    struct k_tensor *t = x->ptr;
    return unary_op(c, NN_K_OP_TRANSPOSE, "transpose", t, NN_A_TRANSPOSE_DIM, d, 2, t->rank);
}

/* tf.reduce_mean / reduce_max over all spatial (or time) axes: global pooling. */
static struct nn_mval *reduce(struct keras_ctx *c, const struct nn_py_node *at,
                              struct nn_mval *x, struct nn_mval *axes, const char *type)
{
    struct k_tensor *t = x->ptr;
    long long d[8];
    size_t n = 0;
    if (axes && axes->kind == NN_MV_INT) {
        d[0] = axes->i;
        n = 1;
    } else if (axes && int_list(axes, d, &n)) {
        n = 0;
    }
    unsigned mask = 0, want = 0;
    for (size_t i = 0; i < n; i++)
        mask |= 1u << norm_axis(d[i], t->rank);
    for (int i = 1; i < t->rank - 1; i++)
        want |= 1u << i;
    if (t->rank < 3 || !n || mask != want)
        return nn_m2m_unmappable(&c->t.ev, at, "this reduction has no pivot equivalent (only a "
                                             "mean/max over all spatial or time axes, rank known)");
    struct nn_elem proto = {.kind = NN_K_POOLING};
    nn_elem_set_name(c->t.m, &proto, NN_A_POOLING_TYPE, type);
    nn_elem_set_name(c->t.m, &proto, NN_A_DIMENSION, nn_arena_printf(c->t.ev.a, "%dD", t->rank - 2));
    const char *name = full_name(c, type[7] == 'a' ? "global_avg_pool" : "global_max_pool");
    return nn_m2m_trace_emit_layer(&c->t, &proto, name, t->src) ? nn_keras_tensor(c, name, 2) : NULL;
}

/* A functional activation (tf.nn.relu(x), tf.nn.softmax(x, axis=1)). */
static struct nn_mval *activation(struct keras_ctx *c, const struct nn_py_node *at,
                                  const char *actv, double slope,
                                  const char *fname, struct nn_mval *x, struct nn_m2m_args *a)
{
    struct k_tensor *t = x->ptr;
    struct nn_elem proto = {.kind = NN_K_ACTIVATION};
    if (!actv[0])
        return x;
    struct nn_mval *approx = nn_m2m_kwarg(a, "approximate");
    if (strcmp(actv, "gelu") == 0 && approx && nn_m2m_truth(approx) == 1)
        actv = "gelu_tanh"; /* keras.activations.gelu(x, approximate=True) */
    nn_elem_set_name(c->t.m, &proto, NN_A_ACTV_FUNC, actv);
    struct nn_mval *s = nn_m2m_kwarg(a, "alpha");
    if (strcmp(actv, "elu") == 0) { /* PReLU: ELU's alpha, not a leaky slope */
        struct nn_mval *al = s ? s : a->npos > 1 ? a->pos[1] : NULL;
        if (al && !nn_m2m_is_num(al))
            return nn_m2m_unmappable(&c->t.ev, at, "elu: alpha expects a number known statically");
        if (al)
            nn_elem_set_float(c->t.m, &proto, NN_A_ALPHA, nn_m2m_num(al));
        s = NULL;
    }
    if (!s)
        s = nn_m2m_kwarg(a, "negative_slope");
    if (s && nn_m2m_is_num(s))
        slope = nn_m2m_num(s);
    if (slope)
        nn_elem_set_float(c->t.m, &proto, NN_A_NEGATIVE_SLOPE, slope);
    struct nn_mval *ax = nn_m2m_kwarg(a, "axis");
    if (!ax && a->npos > 1 && (strcmp(actv, "softmax") == 0 || strcmp(actv, "log_softmax") == 0))
        ax = a->pos[1];
    if (ax && ax->kind == NN_MV_INT && norm_axis(ax->i, t->rank) != t->rank - 1)
        nn_elem_set_int(c->t.m, &proto, NN_A_ACTV_DIM, ax->i);
    const char *name = full_name(c, fname);
    return nn_m2m_trace_emit_layer(&c->t, &proto, name, t->src) ? nn_keras_tensor(c, name, t->rank) : NULL;
}

/* An argument by keyword or position. */
static struct nn_mval *arg(struct nn_m2m_args *a, const char *kw, size_t pos)
{
    return nn_m2m_arg_at(a, kw, pos, 0);
}

/* tf.X on tensors with one tensor input; name is X without "tensorflow.". */
static struct nn_mval *tensor_fn(struct keras_ctx *c, const struct nn_py_node *at,
                                 const char *name, struct nn_mval *x, struct nn_m2m_args *a)
{
    if (strcmp(name, "identity") == 0 || strcmp(name, "cast") == 0 ||
        strcmp(name, "convert_to_tensor") == 0)
        return x;
    if (strcmp(name, "reshape") == 0)
        return reshape(c, at, x, arg(a, "shape", 1) ? arg(a, "shape", 1) : arg(a, "newshape", 1));
    if (strcmp(name, "transpose") == 0)
        return transpose(c, at, x, arg(a, "perm", 1) ? arg(a, "perm", 1) : arg(a, "axes", 1));
    if (strcmp(name, "swapaxes") == 0)
        return swapaxes(c, at, x, arg(a, "axis1", 1), arg(a, "axis2", 2));
    int mean = !strcmp(name, "reduce_mean") || !strcmp(name, "math.reduce_mean") ||
               !strcmp(name, "mean");
    if (mean || !strcmp(name, "reduce_max") || !strcmp(name, "math.reduce_max") ||
        !strcmp(name, "max")) {
        struct nn_mval *k = arg(a, "keepdims", 2);
        if (k && nn_m2m_truth(k) == 1)
            return nn_m2m_unmappable(&c->t.ev, at, "a reduction with keepdims=True has no pivot "
                                                 "equivalent");
        return reduce(c, at, x, arg(a, "axis", 1), mean ? "global_average" : "global_max");
    }
    if (strcmp(name, "nn.dropout") == 0) {
        struct nn_elem proto = {.kind = NN_K_DROPOUT};
        struct nn_mval *r = arg(a, "rate", 1);
        nn_elem_set_float(c->t.m, &proto, NN_A_RATE, r && nn_m2m_is_num(r) ? nn_m2m_num(r) : 0.5);
        struct k_tensor *t = x->ptr;
        const char *n = full_name(c, "dropout");
        return nn_m2m_trace_emit_layer(&c->t, &proto, n, t->src) ? nn_keras_tensor(c, n, t->rank) : NULL;
    }
    double slope = 0;
    const char *actv = nn_keras_act_fn(nn_arena_printf(c->t.ev.a, "tensorflow.%s", name), &slope);
    if (actv) {
        const char *dot = strrchr(name, '.');
        return activation(c, at, actv, slope, dot ? dot + 1 : name, x, a);
    }
    return nn_m2m_unmappable(&c->t.ev, at, "the tensor operation '%s' has no pivot equivalent",
                             name);
}

struct nn_elem *nn_keras_emit_op(struct keras_ctx *c, enum nn_kind k, const char *base,
                                 const char **srcs, size_t n, int always_list)
{
    return emit_op(c, k, base, srcs, n, always_list);
}

struct nn_mval *nn_keras_tf_call(struct keras_ctx *c, const struct nn_py_node *at,
                              const char *name, struct nn_m2m_args *a)
{
    struct nn_mval *top = nn_keras_top_call(c, at, name, a); /* tensorops */
    if (top != &nn_m2m_unhandled)
        return top;
    static const struct {
        const char *name;
        int op;
    } binops[] = {{"add", NN_PYOP_Add}, {"math.add", NN_PYOP_Add}, {"multiply", NN_PYOP_Mult},
                  {"math.multiply", NN_PYOP_Mult}, {"matmul", NN_PYOP_MatMult},
                  {"linalg.matmul", NN_PYOP_MatMult}};
    if (strcmp(name, "concat") == 0 || strcmp(name, "concatenate") == 0) {
        struct nn_mval *ax = arg(a, "axis", 1);
        return merge(c, at, NN_K_OP_CONCATENATE, "concat", arg(a, "values", 0) ? arg(a, "values", 0)
                     : arg(a, "xs", 0), ax && ax->kind == NN_MV_INT ? ax->i : strcmp(name, "concat") ? -1 : 0);
    }
    for (size_t i = 0; i < sizeof binops / sizeof *binops; i++)
        if (strcmp(name, binops[i].name) == 0 && a->npos == 2)
            return nn_keras_binop(&c->t.ev, at, binops[i].op, a->pos[0], a->pos[1]);
    if (strcmp(name, "add_n") == 0)
        return merge(c, at, NN_K_OP_ADD, "add", arg(a, "inputs", 0), 0);
    struct nn_mval *x = a->npos ? a->pos[0] : NULL;
    if (!x)
        x = nn_m2m_kwarg(a, "x") ? nn_m2m_kwarg(a, "x") : nn_m2m_kwarg(a, "tensor");
    if (!x && a->nkw)
        x = a->kw[0];
    if (!x)
        return nn_m2m_unmappable(&c->t.ev, at, "tf.%s without a tensor argument", name);
    if (!(x = nn_keras_as_tensor(c, at, x)) || x->kind != NN_MV_HOST)
        return x;
    return tensor_fn(c, at, name, x, a);
}

struct nn_mval *nn_keras_activation(struct keras_ctx *c, const struct nn_py_node *at,
                                   const char *actv, struct nn_m2m_args *a)
{
    struct nn_mval *x = a->npos ? a->pos[0] : NULL;
    if (!x)
        return nn_m2m_unmappable(&c->t.ev, at, "%s without a tensor argument", actv);
    if (!(x = nn_keras_as_tensor(c, at, x)) || x->kind != NN_MV_HOST)
        return x;
    return activation(c, at, actv, 0, actv, x, a);
}

struct nn_mval *nn_keras_binop(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                            struct nn_mval *a, struct nn_mval *b)
{
    static const struct {
        int op;
        enum nn_kind kind;
        const char *name;
    } ops[] = {{NN_PYOP_Add, NN_K_OP_ADD, "add"}, {NN_PYOP_Mult, NN_K_OP_MULTIPLY, "multiply"},
               {NN_PYOP_MatMult, NN_K_OP_MATMULTIPLY, "matmul"}};
    struct keras_ctx *c = keras_of(ev);
    if (!nn_keras_weight_operands(c, at, &a, &b)) /* layerscale */
        return NULL;
    if ((a->kind == NN_MV_HOST && a->tag == K_DIM) || (b->kind == NN_MV_HOST && b->tag == K_DIM))
        return nn_keras_dim_binop(c, at, op, a, b); /* kshape: a size in arithmetic */
    int number = nn_m2m_is_num(a) || nn_m2m_is_num(b);
    if (op == NN_PYOP_Sub || op == NN_PYOP_Div || op == NN_PYOP_Pow ||
        (op == NN_PYOP_Add && number)) /* tensorops */
        return nn_keras_top_binop(c, at, op, a, b);
    size_t k = 0;
    while (k < sizeof ops / sizeof *ops && ops[k].op != op)
        k++;
    if (k == sizeof ops / sizeof *ops)
        return nn_m2m_unmappable(ev, at, "this operator on tensors has no pivot equivalent");
    struct nn_mval *v[2] = {a, b};
    const char *srcs[2];
    int rank = -1;
    for (int i = 0; i < 2; i++) {
        if (nn_m2m_is_num(v[i]) && op == NN_PYOP_Mult) {
            srcs[i] = nn_arena_printf(ev->a, "#%.17g", nn_m2m_num(v[i]));
            continue;
        }
        if (!(v[i] = nn_keras_as_tensor(c, at, v[i])) || v[i]->kind != NN_MV_HOST)
            return v[i];
        srcs[i] = ((struct k_tensor *)v[i]->ptr)->src;
        rank = ((struct k_tensor *)v[i]->ptr)->rank;
    }
    struct nn_elem *e = emit_op(c, ops[k].kind, ops[k].name, srcs, 2, 1);
    return e ? nn_keras_tensor(c, e->name, rank) : NULL;
}

struct nn_mval *nn_keras_subscript(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *obj, const struct nn_py_node *index)
{
    struct keras_ctx *c = keras_of(ev);
    if (obj->tag == K_SHAPE) {
        struct nn_mval *k = nn_m2m_expr(ev, ev->cur_env, index);
        struct nn_mval *d = k && k->kind == NN_MV_INT ? nn_m2m_host_val(ev, K_DIM, obj->ptr) : NULL;
        if (d)
            d->i = k->i;
        return d ? d : nn_m2m_unmappable(ev, at, "this shape index is not known statically");
    }
    if (!c->t.tracing && obj->tag != K_TENSOR)
        return nn_m2m_new(ev, NN_MV_UNKNOWN);
    return nn_keras_top_subscript(c, at, obj, index); /* tensorops */
}
