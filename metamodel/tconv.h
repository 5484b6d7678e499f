/* tconv.h - the padding of a transposed convolution, axis by axis.
 *
 * The pivot says what a transposed convolution computes as PyTorch does:
 * along each spatial axis, the full result has (in - 1) * stride + k cells
 * (k the dilated window, (kernel - 1) * dilation + 1); padding_amount cells
 * are cut from both ends and output_padding cells (zeros plus the bias) are
 * added at the end.  Padding 'same' is TensorFlow's: in * stride cells, the
 * full result cut by max(k - stride, 0) cells, half of them (rounded down)
 * at the start.  That is PyTorch's padding and output_padding only when the
 * cut is even (or the window no larger than the stride); an odd cut has no
 * exact equivalent (Keras 3.0's PyTorch backend even cuts it differently
 * from TensorFlow), so it is an error.
 */
#ifndef NN_TCONV_H
#define NN_TCONV_H

#include "metamodel/pivot.h"

struct nn_tconv {
    int r;                    /* spatial axes */
    int same;                 /* padding 'same' */
    long long k[3];           /* dilated window per axis */
    long long stride[3], dilation[3];
    long long pad[3];         /* PyTorch padding: cut from both ends */
    long long out_pad[3];     /* PyTorch output_padding: added at the end */
};

/* Read the axes of transposed convolution e, padding 'same' resolved to
 * PyTorch's padding and output_padding.  NULL, or why 'same' has no exact
 * equivalent (t is filled either way). */
const char *nn_tconv_read(const struct nn_elem *e, struct nn_tconv *t);
/* *out = the output length of axis a for an input of `in` cells (may be
 * <= 0); 0 when it overflows 64 bits. */
int nn_tconv_out(const struct nn_tconv *t, int a, long long in, long long *out);
/* Is t TensorFlow's 'same' on every axis? */
int nn_tconv_is_same(const struct nn_tconv *t);
/* The output_padding Keras's padding 'valid' adds by default on axis a. */
long long nn_tconv_keras_default(const struct nn_tconv *t, int a);

#endif
