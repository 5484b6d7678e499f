/* shape.h - shape inference: propagates tensor shapes through a pivot model.
 *
 * Shapes are channel-last and exclude the batch axis, as the pivot's
 * semantics are: an image is (H, W, C), a sequence (L, C), a feature
 * vector (C).  Starting from the network's input_shape (or an override from
 * the command line) every module of the root network and of every
 * sub-network it uses gets an input and an output shape.  On the way the
 * sizes a framework needs but the DSL may omit (in_features, in_channels,
 * input_size, num_features) are filled in, and a stated size that disagrees
 * with the inferred one is an error at the attribute.  Generators read the
 * shapes back (padding 'same' in PyTorch depends on them).
 */
#ifndef NN_SHAPE_H
#define NN_SHAPE_H

#include <stddef.h>

#include "metamodel/diag.h"
#include "metamodel/pivot.h"

#define NN_SHAPE_MAX 8  /* axes, batch excluded */

/* The size of an axis that nnc cannot know: the batch's, once a permute or
 * transpose has moved the batch axis among the data axes (a time-major
 * source swaps batch and time before its RNN). */
#define NN_SHAPE_ANY (-1)

struct nn_shape {
    int rank;                   /* axes, batch excluded; -1: unknown */
    long long d[NN_SHAPE_MAX];  /* sizes, or NN_SHAPE_ANY */
};

/* The shapes of one network's modules. */
struct nn_net_shapes {
    struct nn_shape in;         /* the network's input (the first, for several) */
    struct nn_shape *ins;       /* the root's named inputs (inputs:), in order; NULL without */
    size_t nins;
    struct nn_shape out;        /* its output (the last module's) */
    size_t n;                   /* modules */
    struct nn_shape *mod_in;    /* per module: its (first) input */
    struct nn_shape *mod_out;   /* per module: its output */
    int conflict;               /* a sub-network used with different input shapes */
};

/* Shapes of a whole model: the root and each sub-network (at its first use). */
struct nn_shapes {
    const struct nn_model *model;
    struct nn_net_shapes root;
    struct nn_net_shapes *subs;  /* per root sub-network */
};

/* Infer shapes from override[0..rank) when rank > 0, else from the network's
 * input_shape (or its inputs' input_shape each; an override then needs the
 * network to have one input).  Fills missing sizes, reports mismatches through d, and
 * returns the number of errors.  *out (arena memory) is set even when the
 * model has no input shape: every shape is then unknown. */
int nn_shape_infer(struct nn_model *m, const long long *override, size_t rank,
                   struct nn_diag_sink *d, const struct nn_shapes **out);

/* The pipeline's shape stage (shape_stage.c): infer as nn_shape_infer does
 * and report every error, then leave the model's attributes as they were
 * (the filled sizes are dropped).  Returns the number of errors; sets *out
 * to the shapes when out is not NULL. */
int nn_shape_check(struct nn_model *m, const long long *override, size_t rank,
                   struct nn_diag_sink *d, const struct nn_shapes **out);

/* The shapes of network n (the root or one of its sub-networks); NULL if
 * shapes is NULL. */
const struct nn_net_shapes *nn_shape_net(const struct nn_shapes *shapes,
                                         const struct nn_network *n);

/* Is the shape known, every size included? */
static inline int nn_shape_known(const struct nn_shape *s)
{
    if (!s || s->rank < 0)
        return 0;
    for (int i = 0; i < s->rank; i++)
        if (s->d[i] == NN_SHAPE_ANY)
            return 0;
    return 1;
}

/* Product of the sizes; -1 when it overflows 64 bits. */
long long nn_shape_count(const struct nn_shape *s);

/* "(28, 28, 1)" into buf (Python tuple notation). */
const char *nn_shape_format(const struct nn_shape *s, char *buf, size_t size);

/* TensorFlow's 'same' padding along one axis: *before and *after. */
void nn_shape_same_pad(long long in, long long k, long long stride, long long *before,
                       long long *after);

/* The zero padding of layer e on both ends of spatial axis `axis`:
 * padding_dim's item (one item broadcasts), else padding_amount. */
long long nn_shape_pad_axis(const struct nn_elem *e, int axis);

/* PyTorch's ceil_mode windows along one axis of in cells padded by pad on
 * both sides: a last partial window counts when it starts inside the input
 * or its left padding. */
long long nn_shape_ceil_windows(long long in, long long k, long long stride, long long pad);

#endif
