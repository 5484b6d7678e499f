/* fold.h - canonical forms of the pivot, framework-independent post-passes
 * a reader runs over a network it built (fold.c).
 *
 * An Activation module fed by a layer that may carry one (the kind's FUSE
 * property) and read by nothing else becomes that layer's actv_func; an
 * adaptive pooling to size 1 read only by a Flatten becomes a global pooling.
 */
#ifndef NN_FOLD_H
#define NN_FOLD_H

#include "metamodel/pivot.h"

/* Fold every eligible Activation module of n into the layer before it. */
void nn_fold_activations(struct nn_model *m, struct nn_network *n);
/* Turn adaptive pooling to size 1 followed by Flatten into global pooling. */
void nn_fold_global_pools(struct nn_model *m, struct nn_network *n);

#endif
