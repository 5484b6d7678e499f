/* subscript.h - a tensor subscript of Python source (x[:, -1], x[..., :k],
 * x[:, 1:5:2]) read into the pivot's subscript items, for both readers
 * (tensorops); each reader then maps the axes to the pivot's layout. */
#ifndef NN_M2M_SUBSCRIPT_H
#define NN_M2M_SUBSCRIPT_H

#include "grammar/pyast.h"
#include "m2m/eval.h"
#include "metamodel/tensor_op.h"

/* The items of a subscript written on a tensor, the ellipsis expanded, for a
 * tensor of `rank` axes (with the batch; -1 when unknown).  Fills
 * out[0..*n) (missing trailing items are whole slices when the rank is
 * known); NULL, or why the subscript has no pivot equivalent. */
const char *nn_m2m_subscript(struct nn_m2m_eval *ev, const struct nn_py_node *index, int rank,
                             struct nn_top_index *out, int *n);

/* Is x a whole slice (":")? */
int nn_m2m_whole(const struct nn_top_index *x);

#endif
