/* keras_pool.h - PyTorch's ceil_mode pooling in generated Keras.
 *
 * Keras pooling has no ceil mode: the Keras generators write the
 * CeilPooling helper (pad the end of each spatial axis so the last partial
 * window exists; -inf for max pooling, the clipped window's cell count as
 * the divisor of average pooling).
 */
#ifndef NN_KERAS_POOL_H
#define NN_KERAS_POOL_H

#include "frameworks/spell.h" /* the helper's class text, nn_keras_ceil_pooling */
#include "metamodel/arena.h"
#include "metamodel/pivot.h"

/* The CeilPooling(...) expression of max or average pooling e with
 * ceil_mode; `name` is the name= argument's text. */
const char *nn_keras_ceil_pool(struct nn_arena *a, const struct nn_elem *e, const char *name);

#endif
