/* keras_positions.c - ops.arange / tf.range over a sequence's steps in
 * call(): the pivot's positions op (a position embedding's input), with
 * ops.shape(x) and the broadcast of the positions over the batch. */
#include <string.h>

#include "m2m/keras_int.h"

/* The tensor whose steps n counts: x for ops.shape(x)[1] (or [-1] of a
 * (batch, steps) x), the network input for its static number of steps. */
static const char *steps_of(struct keras_ctx *c, const struct nn_mval *n)
{
    if (n->kind == NN_MV_HOST && n->tag == K_DIM) {
        const struct nn_mval *x = n->ptr;
        const struct k_tensor *t = x && x->kind == NN_MV_HOST && x->tag == K_TENSOR ? x->ptr : NULL;
        return t && (n->i == 1 || (n->i == -1 && t->rank == 2)) ? t->src : NULL;
    }
    const struct nn_network *net = c->t.net;
    long long d[8];
    size_t r = nn_elem_ints(&net->head, NN_A_INPUT_SHAPE, d, 8);
    return n->kind == NN_MV_INT && r >= 1 && d[0] == n->i ? "input" : NULL;
}

/* Is v absent or the integer want? */
static int is_int(const struct nn_mval *v, long long want)
{
    return !v || v->kind == NN_MV_NONE || (v->kind == NN_MV_INT && v->i == want);
}

/* arange(stop) / arange(start=0, stop, step=1) and tf.range's names (limit, delta). */
static struct nn_mval *arange(struct keras_ctx *c, const struct nn_py_node *at,
                              struct nn_m2m_args *a)
{
    struct nn_mval *start = a->npos >= 2 ? a->pos[0] : nn_m2m_kwarg(a, "start");
    struct nn_mval *stop = a->npos >= 2 ? a->pos[1] : a->npos ? a->pos[0] : nn_m2m_kwarg(a, "stop");
    struct nn_mval *step = a->npos >= 3 ? a->pos[2] : nn_m2m_kwarg(a, "step");
    stop = stop ? stop : nn_m2m_kwarg(a, "limit");
    step = step ? step : nn_m2m_kwarg(a, "delta");
    const char *src = stop && a->npos <= 3 && is_int(start, 0) && is_int(step, 1) ? steps_of(c, stop)
                                                                                  : NULL;
    if (!src)
        return nn_m2m_unmappable(&c->t.ev, at, "arange has a pivot equivalent only as the "
                                 "positions of a sequence: arange(ops.shape(x)[1]) or "
                                 "arange(steps) with the input's number of steps");
    struct nn_elem *op = nn_keras_emit_op(c, NN_K_OP_POSITIONS, "arange", &src, 1, 1);
    return op ? nn_keras_tensor(c, op->name, 2) : NULL;
}

/* broadcast_to(positions, (ops.shape(x)[0], ops.shape(x)[1])): the positions. */
static struct nn_mval *broadcast(struct keras_ctx *c, const struct nn_py_node *at,
                                 struct nn_m2m_args *a)
{
    const struct nn_mval *p = a->npos == 2 ? a->pos[0] : NULL, *s = a->npos == 2 ? a->pos[1] : NULL;
    const char *src = p && p->kind == NN_MV_HOST && p->tag == K_TENSOR ? ((struct k_tensor *)p->ptr)->src
                                                                     : "";
    int ok = s && (s->kind == NN_MV_TUPLE || s->kind == NN_MV_LIST) && s->n == 2 &&
             s->items[0]->kind == NN_MV_HOST && s->items[0]->tag == K_DIM && s->items[0]->i == 0;
    for (size_t i = 0; ok && i < c->t.net->nops; i++)
        if (strcmp(c->t.net->ops[i].name, src) == 0)
            return c->t.net->ops[i].kind == NN_K_OP_POSITIONS ? a->pos[0] : NULL;
    return nn_m2m_unmappable(&c->t.ev, at, "broadcast_to has a pivot equivalent only for "
                             "positions over the batch: (ops.shape(x)[0], steps)");
}

/* Does an argument hold a size of a symbolic tensor (ops.shape(x)[k])? */
static int symbolic_steps(const struct nn_m2m_args *a)
{
    for (size_t i = 0; i < a->npos + a->nkw; i++) {
        const struct nn_mval *v = i < a->npos ? a->pos[i] : a->kw[i - a->npos];
        if (v->kind == NN_MV_HOST && v->tag == K_DIM)
            return 1;
    }
    return 0;
}

struct nn_mval *nn_keras_positions_call(struct keras_ctx *c, const struct nn_py_node *at,
                                        const char *name, struct nn_m2m_args *a)
{
    if (!c->t.tracing && !nn_keras_has_tensor(a) && !symbolic_steps(a))
        return &nn_m2m_unhandled; /* not model code (functional models are symbolic) */
    if (strcmp(name, "shape") == 0 && a->npos == 1 && a->pos[0]->kind == NN_MV_HOST &&
        a->pos[0]->tag == K_TENSOR)
        return nn_m2m_host_val(&c->t.ev, K_SHAPE, a->pos[0]);
    if (strcmp(name, "arange") == 0 || strcmp(name, "range") == 0)
        return arange(c, at, a);
    if (strcmp(name, "broadcast_to") == 0)
        return broadcast(c, at, a);
    return &nn_m2m_unhandled;
}
