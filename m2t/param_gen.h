/* param_gen.h - the code both generators write for a learned tensor (param:
 * the pivot's Parameter layer). */
#ifndef NN_PARAM_GEN_H
#define NN_PARAM_GEN_H

#include "metamodel/arena.h"
#include "metamodel/pivot.h"

/* PyTorch: nn.Parameter(torch.ones(4, 1, 1) * 1e-06), the tensor in the
 * layout the generated code holds it in (cf: the channel axis, the pivot's
 * last, moved first); NULL when out of memory. */
const char *nn_param_torch_value(struct nn_arena *a, const struct nn_elem *e, int cf);
/* PyTorch: the tensor repeated over the batch of x: p.expand(x.size(0), -1, ...). */
const char *nn_param_torch_expand(struct nn_arena *a, const struct nn_elem *e, const char *p,
                                  const char *x);
/* Keras: LearnedTensor((1, 1, 4), keras.initializers.Constant(1e-06), name="...") */
const char *nn_param_keras_layer(struct nn_arena *a, const struct nn_elem *e, const char *name);

#endif
