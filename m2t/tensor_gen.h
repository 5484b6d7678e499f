/* tensor_gen.h - the code both frameworks' generators write for the
 * arithmetic, element-wise and reduction tensor ops (tensorops), from the
 * spellings in frameworks/tensor_spell.def. */
#ifndef NN_TENSOR_GEN_H
#define NN_TENSOR_GEN_H

#include <stddef.h>

#include "metamodel/arena.h"
#include "metamodel/pivot.h"

/* The expression for op e (nn_top_class(e->kind) != NN_TOP_NONE) in PyTorch
 * (torch != 0) or Keras, on the operand expressions x[0..n), the tensors in
 * the pivot's channel-last layout when e is a reduction. */
const char *nn_tensor_gen_expr(struct nn_arena *a, const struct nn_elem *e, int torch,
                               const char *const *x, size_t n);

#endif
