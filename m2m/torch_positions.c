/* torch_positions.c - torch.arange(steps) in forward: the pivot's positions
 * op (the step indices of a sequence, a position embedding's input). */
#include <string.h>

#include "m2m/torch_int.h"

/* The tensor whose steps n counts: x for x.size(1) unknown statically, the
 * network input when n is its (static) number of steps; NULL otherwise. */
static const char *steps_of(struct torch_ctx *c, struct nn_mval *n)
{
    if (n->kind == NN_MV_HOST && n->tag == T_DIM && n->i == 1) {
        struct nn_mval *x = n->ptr;
        if (x && x->kind == NN_MV_HOST && x->tag == T_TENSOR && (x = nn_torch_to_cf(c, x)))
            return ((struct t_tensor *)x->ptr)->src;
        return NULL;
    }
    if (n->kind == NN_MV_INT && c->t.ninput_shape >= 1 && c->t.input_shape[0] == n->i)
        return "input";
    return NULL;
}

/* Only end=, device= and an integer dtype= may come with the steps. */
static int plain_args(struct nn_m2m_args *a)
{
    for (size_t i = 0; i < a->nkw; i++) {
        const char *k = a->kwname[i], *d = a->kw[i]->kind == NN_MV_PATH ? a->kw[i]->s : "";
        if (strcmp(k, "end") && strcmp(k, "device") &&
            (strcmp(k, "dtype") || (strcmp(d, "torch.long") && strcmp(d, "torch.int64"))))
            return 0;
    }
    return a->npos <= 1;
}

struct nn_mval *nn_torch_arange(struct torch_ctx *c, const struct nn_py_node *at,
                                struct nn_m2m_args *a)
{
    struct nn_mval *n = a->npos ? a->pos[0] : nn_m2m_kwarg(a, "end");
    const char *src = n && plain_args(a) ? steps_of(c, n) : NULL;
    if (!src)
        return nn_m2m_unmappable(&c->t.ev, at, "torch.arange has a pivot equivalent only as the "
                                 "positions of a sequence: torch.arange(x.size(1)) or "
                                 "torch.arange(steps) with the input's number of steps");
    struct nn_elem *op = nn_torch_emit_op(c, NN_K_OP_POSITIONS, "arange", &src, 1, 1);
    return op ? nn_torch_tensor(c, op->name, 2, 0) : NULL;
}

/* Is t the output of a positions op? */
static int is_positions(struct torch_ctx *c, const struct nn_mval *t)
{
    const char *src = t->kind == NN_MV_HOST && t->tag == T_TENSOR ? ((struct t_tensor *)t->ptr)->src
                                                                   : NULL;
    for (size_t i = 0; src && i < c->t.net->nops; i++)
        if (c->t.net->ops[i].kind == NN_K_OP_POSITIONS && strcmp(c->t.net->ops[i].name, src) == 0)
            return 1;
    return 0;
}

int nn_torch_positions_expand(struct torch_ctx *c, struct nn_mval *t, const char *name,
                              struct nn_m2m_args *a)
{
    if (strcmp(name, "expand") != 0 || !is_positions(c, t) || a->npos != 2 || a->nkw)
        return 0;
    const struct nn_mval *b = a->pos[0], *s = a->pos[1];
    return b->kind == NN_MV_HOST && b->tag == T_DIM && b->i == 0 && s->kind == NN_MV_INT &&
           s->i == -1;
}
