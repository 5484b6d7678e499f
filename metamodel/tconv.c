/* tconv.c - the padding of a transposed convolution (see tconv.h). */
#include "metamodel/tconv.h"

#include <limits.h>
#include <string.h>

#include "metamodel/checked.h"

/* Item a of a per-axis list (one item broadcasts), def when unset. */
static long long axis_item(const struct nn_elem *e, enum nn_attr_id id, int a, long long def)
{
    long long v[8];
    size_t n = nn_elem_ints(e, id, v, 8);
    return n == 0 ? def : v[(size_t)a < n ? a : 0];
}

/* TensorFlow's 'same' on axis a as PyTorch's padding; 0 when the cut is odd. */
static int same_axis(struct nn_tconv *t, int a)
{
    long long cut = t->k[a] - t->stride[a];
    if (cut <= 0) { /* the full result is short: zeros plus the bias at the end */
        t->pad[a] = 0;
        t->out_pad[a] = -cut;
        return 1;
    }
    t->pad[a] = cut / 2;
    t->out_pad[a] = 0;
    return cut % 2 == 0;
}

const char *nn_tconv_read(const struct nn_elem *e, struct nn_tconv *t)
{
    memset(t, 0, sizeof *t);
    t->r = nn_layer_rank(e);
    t->same = strcmp(nn_elem_str(e, NN_A_PADDING_TYPE), "same") == 0;
    const char *why = NULL;
    for (int a = 0; a < t->r; a++) {
        t->stride[a] = axis_item(e, NN_A_STRIDE_DIM, a, 1);
        t->dilation[a] = axis_item(e, NN_A_DILATION, a, 1);
        if (!nn_mul_ll(axis_item(e, NN_A_KERNEL_DIM, a, 1) - 1, t->dilation[a], &t->k[a]) ||
            !nn_add_ll(t->k[a], 1, &t->k[a])) {
            t->k[a] = LLONG_MAX / 4;
            why = why ? why : "the dilated window overflows 64 bits";
        }
        if (!t->same) {
            t->pad[a] = nn_elem_int(e, NN_A_PADDING_AMOUNT);
            t->out_pad[a] = axis_item(e, NN_A_OUTPUT_PADDING, a, 0);
        } else if (!same_axis(t, a) && !why) {
            why = "padding 'same' cuts an odd number of cells here (a dilated window larger "
                  "than the stride by an odd number): TensorFlow cuts the extra cell at the "
                  "end, PyTorch cannot, and Keras 3.0 on PyTorch cuts it at the start; "
                  "no exact equivalent";
        }
    }
    return why;
}

int nn_tconv_out(const struct nn_tconv *t, int a, long long in, long long *out)
{
    long long full, cut;
    return nn_mul_ll(in - 1, t->stride[a], &full) && nn_add_ll(full, t->k[a], &full) &&
           nn_mul_ll(t->pad[a], 2, &cut) && nn_sub_ll(full, cut, &full) &&
           nn_add_ll(full, t->out_pad[a], out);
}

int nn_tconv_is_same(const struct nn_tconv *t)
{
    for (int a = 0; a < t->r; a++) {
        long long cut = t->k[a] - t->stride[a];
        long long pad = cut > 0 ? cut / 2 : 0, op = cut > 0 ? 0 : -cut;
        if ((cut > 0 && cut % 2) || t->pad[a] != pad || t->out_pad[a] != op)
            return 0;
    }
    return 1;
}

long long nn_tconv_keras_default(const struct nn_tconv *t, int a)
{
    return t->stride[a] > t->k[a] ? t->stride[a] - t->k[a] : 0;
}
