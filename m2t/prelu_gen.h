/* prelu_gen.h - the Keras layer the generators write for a PReLU, whose
 * shared axes follow from the rank of its input. */
#ifndef NN_PRELU_GEN_H
#define NN_PRELU_GEN_H

#include "metamodel/arena.h"
#include "metamodel/pivot.h"

/* layers.PReLU(alpha_initializer=keras.initializers.Constant(0.25),
 * shared_axes=[1, 2], name="p") for an input of `rank` axes (batch
 * excluded, 1 to 4; -1 when unknown: the layer's dimension, its spatial
 * axes, gives it): every axis shared but the channels (the last), or every
 * axis when num_parameters is 1; NULL when out of memory. */
const char *nn_prelu_keras_layer(struct nn_arena *a, const struct nn_elem *e, int rank,
                                 const char *name);

#endif
