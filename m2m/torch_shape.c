/* nn_torch_shape.c - static shapes of traced tensors.
 *
 * The reader knows the network's input shape when the file calls the model
 * on a sample input (or from --input-shape).  The shape of any tensor of
 * forward then follows from the pivot's own shape inference
 * (metamodel/shape.h) over the modules traced so far, read in the source's
 * layout: a tensor stored channel-last while the source holds it
 * channel-first has its channel axis first.  x.size(k), x.shape and the
 * operations that need sizes (unsqueeze, squeeze, stack, padding 'same')
 * ask here; the batch axis stays symbolic.
 */
#include <string.h>

#include "m2m/torch_int.h"
#include "metamodel/shape.h"

/* The stored shape of the output of module src ("input": the network's). */
static const struct nn_shape *stored_shape(struct torch_ctx *c, const struct nn_shapes *s,
                                           const char *src)
{
    long k = nn_net_input_named(c->t.net, src); /* forward(self, image, features) */
    if (k >= 0)
        return s->root.ins ? &s->root.ins[k] : NULL;
    if (strcmp(src, "input") == 0)
        return &s->root.in;
    for (size_t i = s->root.n; i-- > 0;)
        if (i < c->t.net->nmodules && strcmp(c->t.net->modules[i].name, src) == 0)
            return &s->root.mod_out[i];
    return NULL;
}

int nn_torch_shape(struct torch_ctx *c, const struct t_tensor *t, long long *d)
{
    int named = c->t.net->ninputs > 0; /* each input its own shape (torch_inputs.c) */
    if ((c->t.ninput_shape <= 0 && !named) || !t || !t->src)
        return -1;
    struct nn_diag_sink quiet; /* problems are reported by the final inference */
    nn_diag_init(&quiet, NULL);
    const struct nn_shapes *s = NULL;
    c->t.net->names = NULL; /* the name index is built by the flow, once: the net has grown */
    nn_shape_infer(c->t.m, named ? NULL : c->t.input_shape, named ? 0 : (size_t)c->t.ninput_shape,
                   &quiet, &s);
    c->t.net->names = NULL;
    const struct nn_shape *st = s ? stored_shape(c, s, t->src) : NULL;
    if (!st || !nn_shape_known(st) || (t->rank >= 0 && st->rank + 1 != t->rank))
        return -1;
    int r = st->rank;
    memcpy(d, st->d, (size_t)r * sizeof *d);
    if (t->cl && r >= 2) { /* the source's view: channel first */
        d[0] = st->d[r - 1];
        memcpy(d + 1, st->d, (size_t)(r - 1) * sizeof *d);
    }
    return r;
}

struct nn_mval *nn_torch_dim_value(struct torch_ctx *c, struct nn_mval *x, long long k)
{
    struct nn_mval *dim = nn_m2m_host_val(&c->t.ev, T_DIM, x);
    if (!dim)
        return NULL;
    dim->i = k;
    if (!c->t.tracing || x->kind != NN_MV_HOST || x->tag != T_TENSOR)
        return dim;
    struct t_tensor *t = x->ptr;
    long long s[8];
    int r = nn_torch_shape(c, t, s);
    int rank = r >= 0 ? r + 1 : t->rank;
    long long a = k < 0 && rank > 0 ? k + rank : k;
    dim->i = a;
    if (a == 0 || r < 0 || a < 1 || a > r) /* the batch, or not known: reported where used */
        return dim;
    return nn_m2m_int(&c->t.ev, s[a - 1]);
}

struct nn_mval *nn_torch_shape_value(struct torch_ctx *c, struct nn_mval *x)
{
    long long s[8];
    int r = -1;
    if (c->t.tracing && x->kind == NN_MV_HOST && x->tag == T_TENSOR)
        r = nn_torch_shape(c, x->ptr, s);
    if (r < 0)
        return nn_m2m_host_val(&c->t.ev, T_SHAPE, x);
    struct nn_mval *shape = nn_m2m_seq(&c->t.ev, NN_MV_TUPLE, (size_t)r + 1);
    nn_m2m_push(&c->t.ev, shape, nn_torch_dim_value(c, x, 0));
    for (int i = 0; i < r; i++)
        nn_m2m_push(&c->t.ev, shape, nn_m2m_int(&c->t.ev, s[i]));
    return shape;
}
