/* keras_separable.c - SeparableConv1D/2D as two plain pivot convolutions;
 * the statistics of a Normalization layer (kconv).
 *
 * Keras's separable convolution is a depthwise convolution (groups = the
 * input channels, depth_multiplier outputs per channel, no bias) followed
 * by a pointwise 1x1 convolution to `filters` channels, with the layer's one
 * bias and activation.  The pivot holds the two convolutions every
 * generator already writes: the pointwise one keeps the layer's name (its
 * output is the layer's), the depthwise one is NAME_depthwise and carries
 * the window: kernel, strides, padding, dilation and any zero padding folded
 * into it.  The depthwise sizes come from shape inference (keras_shape.c).
 */
#include <string.h>

#include "m2m/keras_int.h"

/* Attributes of the pointwise convolution the depthwise one does not take. */
static const enum nn_attr_id pointwise_only[] = {
    NN_A_OUT_CHANNELS, NN_A_ACTV_FUNC, NN_A_NEGATIVE_SLOPE, NN_A_ACTV_DIM, NN_A_GROUPS,
};
/* Attributes of the window, which the pointwise convolution does not take. */
static const enum nn_attr_id window_only[] = {
    NN_A_PADDING_TYPE, NN_A_PADDING_AMOUNT, NN_A_DILATION, NN_A_GROUPS,
};

/* A copy of l with its own prototype (the attributes of l's). */
static struct k_layer *part(struct keras_ctx *c, const struct k_layer *l)
{
    struct k_layer *p = nn_arena_alloc(c->t.ev.a, sizeof *p);
    if (!p || !(p->proto = nn_elem_new(c->t.m, l->cls->kind)))
        return NULL;
    struct nn_elem *proto = p->proto;
    *p = *l;
    p->proto = proto;
    for (size_t i = 0; i < l->proto->nattrs; i++)
        nn_elem_set(c->t.m, proto, l->proto->attrs[i].id, l->proto->attrs[i].v);
    return p;
}

struct nn_mval *nn_keras_apply_separable(struct keras_ctx *c, struct k_layer *l,
                                         struct nn_mval *x, long long pad)
{
    struct k_layer *dw = part(c, l), *pw = part(c, l);
    const char *name = nn_keras_layer_name(c, l);
    if (!dw || !pw || !name)
        return NULL;
    for (size_t i = 0; i < sizeof pointwise_only / sizeof *pointwise_only; i++)
        nn_elem_unset(dw->proto, pointwise_only[i]);
    nn_elem_set_bool(c->t.m, dw->proto, NN_A_BIAS, 0);
    dw->full = nn_keras_unique(c, nn_arena_printf(c->t.ev.a, "%s_depthwise", name));
    dw->depth_mult = l->depth_mult > 0 ? l->depth_mult : 1;
    struct nn_mval *y = nn_keras_apply_plain(c, dw, x);
    if (!y)
        return NULL;
    struct nn_elem *de = &c->t.net->layers[c->t.net->nlayers - 1];
    if (pad)
        nn_elem_set_int(c->t.m, de, NN_A_PADDING_AMOUNT, pad);
    if (de->weights_from) /* weights: the layer's first array, its depthwise kernel */
        de->weights_from = nn_arena_printf(c->t.ev.a, "%s#depthwise", de->weights_from);
    long long ones[3] = {1, 1, 1};
    int rank = l->cls->rank >= 1 && l->cls->rank <= 3 ? l->cls->rank : 1;
    for (size_t i = 0; i < sizeof window_only / sizeof *window_only; i++)
        nn_elem_unset(pw->proto, window_only[i]);
    nn_elem_set_ints(c->t.m, pw->proto, NN_A_KERNEL_DIM, ones, (size_t)rank);
    nn_elem_set_ints(c->t.m, pw->proto, NN_A_STRIDE_DIM, ones, (size_t)rank);
    pw->full = name;
    pw->depth_mult = 0;
    pw->nshape = -1; /* the input shape, if given, is the depthwise one's */
    struct nn_mval *r = nn_keras_apply_plain(c, pw, y);
    struct nn_elem *pe = r ? &c->t.net->layers[c->t.net->nlayers - 1] : NULL;
    if (pe && pe->weights_from) /* weights: the rest, pointwise kernel and bias */
        pe->weights_from = nn_arena_printf(c->t.ev.a, "%s#pointwise", pe->weights_from);
    return r;
}

const char *nn_keras_floats(struct keras_ctx *c, struct nn_elem *e, enum nn_attr_id id,
                            struct nn_mval *v)
{
    if (v->kind == NN_MV_NONE)
        return NULL;
    int list = v->kind == NN_MV_LIST || v->kind == NN_MV_TUPLE;
    size_t n = list ? v->n : 1;
    double *d = nn_arena_alloc(c->t.ev.a, (n ? n : 1) * sizeof *d);
    if (!d)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        struct nn_mval *item = list ? v->items[i] : v;
        if (!nn_m2m_is_num(item))
            return "expects a number or a list of numbers known statically";
        d[i] = nn_m2m_num(item);
    }
    if (!list)
        return "expects one number per channel (a list); a single number for every "
               "channel is not read";
    nn_elem_set_floats(c->t.m, e, id, d, n);
    return NULL;
}
