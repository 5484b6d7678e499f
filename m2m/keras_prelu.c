/* keras_prelu.c - Keras's PReLU read as the pivot's PReLU.
 *
 * Keras learns one alpha per cell of the input except along shared_axes
 * (1-based, the batch not counted); the pivot (and PyTorch) learn one per
 * channel, the last axis in Keras's layout, or a single one.  So the
 * layer maps when shared_axes holds every axis but the last (one alpha per
 * channel: num_parameters is the channels, filled by shape inference) or
 * every axis (num_parameters 1); that needs the input's rank, known when
 * the layer is applied.  alpha_initializer gives init_value: Keras's
 * default is zeros, written explicitly. */
#include <string.h>

#include "m2m/keras_int.h"

/* The initial alpha a constant initializer gives; NULL or why it has none. */
static const char *init_value(const struct nn_mval *v, double *out)
{
    if (v->kind == NN_MV_STR && (!strcmp(v->s, "zeros") || !strcmp(v->s, "Zeros") ||
                                 !strcmp(v->s, "ones") || !strcmp(v->s, "Ones"))) {
        *out = v->s[0] == 'o' || v->s[0] == 'O';
        return NULL;
    }
    if (v->kind == NN_MV_HOST && v->tag == K_INIT && !((const struct k_init *)v->ptr)->normal) {
        *out = ((const struct k_init *)v->ptr)->value;
        return NULL;
    }
    return "expects a constant initializer (\"zeros\", \"ones\" or "
           "keras.initializers.Constant(value)): the pivot's PReLU starts every alpha at "
           "one value";
}

const char *nn_keras_prelu_state(struct keras_ctx *c, struct k_layer *l, const char *param,
                                 struct nn_mval *v)
{
    if (strcmp(param, "shared_axes") == 0) {
        l->prelu_axes = v;
        return NULL;
    }
    double x = 0;
    const char *why = init_value(v, &x);
    if (!why)
        nn_elem_set_float(c->t.m, l->proto, NN_A_INIT_VALUE, x);
    return why;
}

/* The axes shared_axes names as bits (1 << axis); NULL or why it names none. */
static const char *shared_mask(const struct nn_mval *v, int rank, unsigned *mask)
{
    *mask = 0;
    if (!v || v->kind == NN_MV_NONE)
        return NULL;
    size_t n = v->kind == NN_MV_INT ? 1 : v->kind == NN_MV_LIST || v->kind == NN_MV_TUPLE ? v->n : 0;
    if (n == 0 && v->kind != NN_MV_LIST && v->kind != NN_MV_TUPLE)
        return "PReLU: shared_axes expects axes known statically";
    for (size_t i = 0; i < n; i++) {
        const struct nn_mval *a = v->kind == NN_MV_INT ? v : v->items[i];
        if (a->kind != NN_MV_INT)
            return "PReLU: shared_axes expects axes known statically";
        if (a->i < 1 || a->i >= rank)
            return "PReLU: shared_axes names an axis the input does not have (1 to its rank, "
                   "the batch not counted)";
        *mask |= 1u << a->i;
    }
    return NULL;
}

const char *nn_keras_prelu_apply(struct keras_ctx *c, struct k_layer *l, int rank)
{
    if (rank < 2 || rank > 5)
        return "PReLU needs an input of known rank with 1 to 4 axes besides the batch";
    unsigned mask, all = 0, channels = 1u << (rank - 1);
    const char *why = shared_mask(l->prelu_axes, rank, &mask);
    if (why)
        return why;
    for (int i = 1; i < rank; i++)
        all |= 1u << i;
    unsigned own = all & ~mask; /* the axes alpha varies along */
    if (own != 0 && own != channels)
        return "PReLU: an alpha per cell of axes other than the channels (the last) has no "
               "pivot equivalent (PyTorch's PReLU learns one alpha per channel or a single "
               "one): share every axis but the last, or all of them";
    if (own == 0)
        nn_elem_set_int(c->t.m, l->proto, NN_A_NUM_PARAMETERS, 1);
    if (rank >= 3) /* the spatial axes */
        nn_elem_set_name(c->t.m, l->proto, NN_A_DIMENSION, rank == 3 ? "1D" : rank == 4 ? "2D" : "3D");
    if (!nn_elem_has(l->proto, NN_A_INIT_VALUE)) /* Keras's default: zeros */
        nn_elem_set_float(c->t.m, l->proto, NN_A_INIT_VALUE, 0.0);
    return NULL;
}
