/* dot_print.h - the pivot as a Graphviz graph (--target dot).
 *
 * One node per layer and tensor operation, labelled with its name, its kind,
 * the attributes the model states and the output shape that inference gives
 * it; one cluster per use of a sub-network; one edge per operand, so that
 * branches and residual connections show as they run.  An edge that skips
 * over modules (a residual or a branch joining later) is dashed.  Shapes are
 * channel-last and without the batch axis, as the pivot's.
 */
#ifndef NN_DOT_PRINT_H
#define NN_DOT_PRINT_H

#include <stddef.h>
#include <stdio.h>

#include "metamodel/diag.h"
#include "metamodel/pivot.h"

/* Write the graph of m to out; override[0..rank) replaces the network's
 * input_shape when rank > 0.  Returns the number of errors reported
 * through d (shape inference or dataflow errors); nothing is written then. */
int nn_dot_print(struct nn_model *m, const long long *override, size_t rank, FILE *out,
                 struct nn_diag_sink *d);

#endif
