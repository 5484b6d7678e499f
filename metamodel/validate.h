/* validate.h - checks a pivot model against the schema and its own references.
 *
 * Reports every problem at once: unknown or duplicate names, modules and
 * inputs that refer to nothing, tensor ops naming unknown modules, missing
 * required attributes, values out of range or outside their set, list
 * lengths that do not fit the layer, cycles between sub-networks, nesting
 * deeper than NN_MAX_NESTING (depth.h), names generated Python cannot use,
 * and text that Python literals and XML cannot hold (text.h).
 * Resolves each module to what it names (nn_module.ref/index) on the way.
 */
#ifndef NN_VALIDATE_H
#define NN_VALIDATE_H

#include "metamodel/diag.h"
#include "metamodel/pivot.h"

/* Stacked recurrent layers in one layer (num_layers): each is a layer of the
 * generated code, and real stacks have a handful. */
#define NN_MAX_NUM_LAYERS 1000

/* Tensors an add or a multiply combines: the generated a + b + ... nests
 * one level per tensor, and CPython's compiler refuses some thousands. */
#define NN_MAX_CHAIN 1000

/* Returns the number of errors reported. */
int nn_validate(struct nn_model *m, struct nn_diag_sink *d);

#endif
