/* keras_crop.c - Cropping and ZeroPadding layers no convolution absorbs.
 *
 * nnc writes PyTorch's padding of a transposed convolution for Keras as
 * padding 'valid' and a Cropping layer right after it (metamodel/tconv.h);
 * reading that back, the cropping becomes the convolution's padding_amount
 * (the cells cut from both ends, the same on every axis) and output_padding
 * (what is left of the cells added at the end).  The uncropped output may
 * not be used again: it is no module's output any more.  Any other
 * Cropping, and a ZeroPadding no convolution absorbs (apply_pad in
 * keras_flow.c), is a pivot Padding layer (negative amounts crop).
 */
#include <string.h>

#include "m2m/keras_int.h"
#include "metamodel/tconv.h"

/* One axis's (before, after) from an int or a pair; 0 when malformed. */
static int crop_pair(struct nn_mval *v, long long *before, long long *after)
{
    if (v->kind == NN_MV_INT) {
        *before = *after = v->i;
        return v->i >= 0;
    }
    if ((v->kind != NN_MV_TUPLE && v->kind != NN_MV_LIST) || v->n != 2 ||
        v->items[0]->kind != NN_MV_INT || v->items[1]->kind != NN_MV_INT)
        return 0;
    *before = v->items[0]->i;
    *after = v->items[1]->i;
    return *before >= 0 && *after >= 0;
}

/* Keras's cropping or padding argument for r axes (def when absent); 0
 * when malformed. */
static int crop_amounts(struct nn_mval *v, int r, long long def, long long *before,
                        long long *after)
{
    for (int a = 0; a < r; a++)
        before[a] = after[a] = def;
    if (!v || v->kind == NN_MV_NONE)
        return 1;
    if (v->kind == NN_MV_INT || r == 1) {
        for (int a = 0; a < r; a++)
            if (!crop_pair(v, &before[a], &after[a]))
                return 0;
        return 1;
    }
    if ((v->kind != NN_MV_TUPLE && v->kind != NN_MV_LIST) || v->n != (size_t)r)
        return 0;
    for (int a = 0; a < r; a++)
        if (!crop_pair(v->items[a], &before[a], &after[a]))
            return 0;
    return 1;
}

/* The transposed convolution that produced t, if it is the last module. */
static struct nn_elem *producer(struct keras_ctx *c, const struct k_tensor *t)
{
    struct nn_network *n = c->t.net;
    if (!n->nmodules || strcmp(n->modules[n->nmodules - 1].name, t->src) != 0)
        return NULL;
    for (size_t i = n->nlayers; i-- > 0;)
        if (n->layers[i].name && strcmp(n->layers[i].name, t->src) == 0)
            return nn_kind_is_tconv(n->layers[i].kind) ? &n->layers[i] : NULL;
    return NULL;
}

/* Fold the cut into e; NULL or why it cannot be. */
static const char *fold(struct keras_ctx *c, struct nn_elem *e, const long long *before,
                        const long long *after)
{
    struct nn_tconv t;
    if (nn_tconv_read(e, &t) || t.same || nn_elem_int(e, NN_A_PADDING_AMOUNT))
        return "a Cropping after a transposed convolution with padding 'same' has no pivot "
               "equivalent";
    long long op[3];
    int any = 0;
    for (int a = 0; a < t.r; a++) {
        op[a] = t.out_pad[a] + before[a] - after[a];
        any |= op[a] != 0;
        if (before[a] != before[0])
            return "a Cropping that cuts a different number of cells at the start of each "
                   "axis has no pivot equivalent";
        if (op[a] < 0 || (op[a] >= t.stride[a] && op[a] >= t.dilation[a]))
            return "this Cropping cuts more at the end than at the start of an axis beyond "
                   "what PyTorch's output_padding can express: no pivot equivalent";
    }
    if (before[0])
        nn_elem_set_int(c->t.m, e, NN_A_PADDING_AMOUNT, before[0]);
    if (any)
        nn_elem_set_ints(c->t.m, e, NN_A_OUTPUT_PADDING, op, (size_t)t.r);
    else
        nn_elem_unset(e, NN_A_OUTPUT_PADDING);
    return NULL;
}

struct nn_mval *nn_keras_pad_layer(struct keras_ctx *c, struct k_layer *src, const char *cls,
                                   struct nn_mval *x, int r, const long long *before,
                                   const long long *after, int sign)
{
    static const char *const dimnames[] = {"", "1D", "2D", "3D"};
    struct k_layer *l = nn_arena_alloc(c->t.ev.a, sizeof *l);
    struct keras_class *k = nn_arena_alloc(c->t.ev.a, sizeof *k);
    if (!l || !k || !(l->proto = nn_elem_new(c->t.m, NN_K_PADDING)))
        return NULL;
    *k = (struct keras_class){cls, "", KR_LAYER, NN_K_PADDING, r};
    long long v[6];
    for (int a = 0; a < r; a++) {
        v[2 * a] = sign * before[a];
        v[2 * a + 1] = sign * after[a];
    }
    nn_elem_set_ints(c->t.m, l->proto, NN_A_PAD_AMOUNT, v, (size_t)(2 * r));
    nn_elem_set_name(c->t.m, l->proto, NN_A_DIMENSION, dimnames[r]);
    l->cls = k;
    l->at = src ? src->at : NULL;
    l->name = src ? src->name : NULL;
    l->nshape = -1;
    return nn_keras_apply_plain(c, l, x);
}

int nn_keras_pad_amounts(struct k_layer *l, int r, long long *before, long long *after)
{
    return r >= 1 && r <= 3 && crop_amounts(l->inner, r, 1, before, after);
}

struct nn_mval *nn_keras_apply_crop(struct keras_ctx *c, struct k_layer *l, struct nn_mval *x)
{
    struct k_tensor *t = x->ptr;
    int r = l->cls->name[8] - '0'; /* Cropping1D */
    long long before[3], after[3];
    if (r < 1 || r > 3 || !crop_amounts(l->inner, r, r == 1, before, after))
        return nn_m2m_unmappable(&c->t.ev, l->at, "%s: expects one int, or one int or "
                                 "(before, after) per axis, known statically", l->cls->name);
    struct nn_elem *e = producer(c, t);
    if (!e || nn_layer_rank(e) != r || fold(c, e, before, after))
        return nn_keras_pad_layer(c, l, l->cls->name, x, r, before, after, -1);
    t->cropped = 1;
    return nn_keras_tensor(c, t->src, t->rank);
}
