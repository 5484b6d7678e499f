/* keras_dims.c - the static shape of a symbolic tensor while a Keras model is
 * read: x.shape, backend.int_shape(x), ops.shape(x)[k] in arithmetic.
 *
 * Builders compute sizes from the tensors they have built so far
 * (`int(x.shape[-1] * reduction)`, `inputs.shape[1:3]`).  The reader runs
 * the pivot's shape inference on the layers read so far, from the input
 * shape the source gives (or --input-shape), and hands the evaluator the
 * shape as Python has it: a tuple with None for the batch axis (and any axis
 * nnc cannot know), ints elsewhere.  A shape that cannot be known there
 * is an error where it is read (inside a subclass's call() it stays
 * symbolic, as ops.shape(x) is, and a size of it used as a number is the
 * error): never a guess.
 */
#include <string.h>

#include "m2m/eval_int.h"
#include "m2m/keras_int.h"
#include "metamodel/checked.h"
#include "metamodel/shape.h"

/* The output shape of the module src (its path inside a block; "input":
 * the network's input) in shapes s, the latest use of it; NULL if none. */
static const struct nn_shape *source_shape(struct keras_ctx *c, const struct nn_shapes *s,
                                           const char *src)
{
    if (strcmp(src, "input") == 0)
        return &s->root.in;
    const char *local;
    struct nn_network *n = nn_blocks_locate(&c->t.blocks, c->t.m, src, &local);
    const struct nn_net_shapes *ns = nn_shape_net(s, n);
    const struct nn_shape *found = NULL;
    for (size_t i = 0; n && ns && i < n->nmodules && i < ns->n; i++)
        if (strcmp(n->modules[i].name, local) == 0)
            found = &ns->mod_out[i];
    return found;
}

/* Items of the model shape inference may go over for x.shape in one file,
 * all queries together (each runs over the model read so far, and keeps
 * its shapes in the model's arena): keras.applications' models need a few
 * thousand; a file past it (about 0.2 GB, 1 s) is refused, not slow. */
#define DIMS_WORK_MAX 1000000

/* Drop the name indexes shape inference built: layers read later are not in them. */
static void forget_indexes(struct nn_model *m)
{
    m->net.names = NULL;
    for (size_t i = 0; i < m->net.nsubnets; i++)
        m->net.subnets[i].names = NULL;
}

/* Count one inference over the model read so far against DIMS_WORK_MAX;
 * 0 (reported once, at `at`) past it. */
static int within_budget(struct keras_ctx *c, const struct nn_py_node *at)
{
    const struct nn_model *m = c->t.m;
    size_t n = m->net.nlayers + m->net.nops + m->net.nmodules;
    for (size_t i = 0; i < m->net.nsubnets; i++)
        n += m->net.subnets[i].nlayers + m->net.subnets[i].nops + m->net.subnets[i].nmodules;
    if (c->dims_work > DIMS_WORK_MAX)
        return 0;
    c->dims_work += n + 1;
    if (c->dims_work <= DIMS_WORK_MAX)
        return 1;
    nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, at), NN_ERROR, "reading tensor shapes while "
            "building a model this large is beyond nnc's limit (%d layers inferred in all)",
            DIMS_WORK_MAX);
    return 0; /* reported once: later queries fail quietly */
}

/* The shape of tensor t (batch excluded) into *out at `at`: 1, 0 when it
 * is not known, -1 past the budget (reported). */
static int tensor_shape(struct keras_ctx *c, const struct nn_py_node *at, const struct k_tensor *t,
                        struct nn_shape *out)
{
    struct nn_elem *head = &c->t.net->head;
    int given = nn_elem_has(head, NN_A_INPUT_SHAPE) || nn_keras_input_shape(c);
    const struct k_tensor *in = c->first_input;
    if (!given && (!in || in->nshape <= 1))
        return 0;
    if (!within_budget(c, at))
        return -1;
    if (!given) /* keras.Input(shape=...) before keras.Model */
        nn_elem_set_ints(c->t.m, head, NN_A_INPUT_SHAPE, in->shape + 1, (size_t)in->nshape - 1);
    nn_keras_depthwise_sizes(c);
    forget_indexes(c->t.m);
    struct nn_diag_sink quiet; /* the model is not complete: its errors come later */
    nn_diag_init(&quiet, NULL);
    const struct nn_shapes *s = NULL;
    size_t items = c->t.m->items; /* the sizes inference fills are dropped again */
    nn_shape_check(c->t.m, NULL, 0, &quiet, &s);
    c->t.m->items = items;
    forget_indexes(c->t.m);
    if (!given) /* the model's input shape is decided once it is read */
        nn_elem_unset(head, NN_A_INPUT_SHAPE);
    const struct nn_shape *sh = s ? source_shape(c, s, t->src) : NULL;
    if (!sh || sh->rank < 0 || (t->rank >= 0 && t->rank != sh->rank + 1))
        return 0;
    *out = *sh;
    long long twice;
    for (int i = 0; t->pad && i + 1 < out->rank; i++) /* zero padding waiting for a conv */
        if (out->d[i] != NN_SHAPE_ANY &&
            (!nn_mul_ll(t->pad, 2, &twice) || !nn_add_ll(out->d[i], twice, &out->d[i])))
            return 0; /* a size past 64 bits is not one nnc knows */
    return 1;
}

/* A sample input's shape (batch included) as a tuple of ints. */
static struct nn_mval *sample_shape(struct keras_ctx *c, const struct k_tensor *t)
{
    struct nn_mval *tup = nn_m2m_seq(&c->t.ev, NN_MV_TUPLE, (size_t)t->nshape);
    for (int i = 0; tup && i < t->nshape; i++)
        nn_m2m_push(&c->t.ev, tup, nn_m2m_int(&c->t.ev, t->shape[i]));
    return tup;
}

struct nn_mval *nn_keras_shape_value(struct keras_ctx *c, const struct nn_py_node *at,
                                     struct nn_mval *x)
{
    const struct k_tensor *t = x->ptr;
    struct nn_shape sh;
    if (t->sample && t->nshape > 0)
        return sample_shape(c, t);
    int known = tensor_shape(c, at, t, &sh);
    if (known < 0)
        return NULL;
    if (!known && c->t.tracing) /* call(): ops.shape's batch and steps */
        return nn_m2m_host_val(&c->t.ev, K_SHAPE, x);
    if (!known)
        return nn_m2m_unmappable(&c->t.ev, at, "the shape of this tensor is not known here "
                                 "(no input shape is given before it, or a layer before it "
                                 "has no inferred shape): pass --input-shape");
    struct nn_mval *tup = nn_m2m_seq(&c->t.ev, NN_MV_TUPLE, (size_t)sh.rank + 1);
    if (tup)
        nn_m2m_push(&c->t.ev, tup, nn_m2m_new(&c->t.ev, NN_MV_NONE));
    for (int i = 0; tup && i < sh.rank; i++)
        nn_m2m_push(&c->t.ev, tup, sh.d[i] == NN_SHAPE_ANY ? nn_m2m_new(&c->t.ev, NN_MV_NONE)
                                                          : nn_m2m_int(&c->t.ev, sh.d[i]));
    return tup;
}

struct nn_mval *nn_keras_dim_value(struct keras_ctx *c, const struct nn_py_node *at,
                                   struct nn_mval *dim)
{
    struct nn_mval *x = dim->ptr;
    const struct k_tensor *t = x && x->kind == NN_MV_HOST && x->tag == K_TENSOR ? x->ptr : NULL;
    struct nn_shape sh;
    int known = t ? tensor_shape(c, at, t, &sh) : 0;
    if (known < 0)
        return NULL;
    long long k = dim->i < 0 && known ? dim->i + sh.rank + 1 : dim->i;
    if (known && k >= 1 && k <= sh.rank && sh.d[k - 1] != NN_SHAPE_ANY)
        return nn_m2m_int(&c->t.ev, sh.d[k - 1]);
    if (known && (k < 0 || k > sh.rank))
        return nn_m2m_unmappable(&c->t.ev, at, "axis %lld is out of range for a tensor of "
                                 "rank %d", dim->i, sh.rank + 1);
    return nn_m2m_unmappable(&c->t.ev, at, k == 0 ? "the batch size is not known statically: "
                             "this arithmetic has no pivot equivalent"
                             : "this size of a tensor is not known statically here (the "
                             "input shape is not given, or a layer before it has no "
                             "inferred shape): pass --input-shape");
}

struct nn_mval *nn_keras_dim_binop(struct keras_ctx *c, const struct nn_py_node *at, int op,
                                   struct nn_mval *a, struct nn_mval *b)
{
    if (a->kind == NN_MV_HOST && a->tag == K_DIM)
        a = nn_keras_dim_value(c, at, a);
    if (a && a->kind != NN_MV_UNKNOWN && b->kind == NN_MV_HOST && b->tag == K_DIM)
        b = nn_keras_dim_value(c, at, b);
    if (!a || !b || a->kind == NN_MV_UNKNOWN || b->kind == NN_MV_UNKNOWN)
        return a && a->kind == NN_MV_UNKNOWN ? a : b && b->kind == NN_MV_UNKNOWN ? b : NULL;
    return nn_m2m_binop(&c->t.ev, at, op, a, b);
}
