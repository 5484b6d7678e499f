/* validate.h - checks a pivot model against the schema and its own references.
 *
 * Reports every problem at once: unknown or duplicate names, modules and
 * inputs that refer to nothing, tensor ops naming unknown modules, missing
 * required attributes, values out of range or outside their set, list
 * lengths that do not fit the layer, and cycles between sub-networks.
 * Resolves each module to what it names (nn_module.ref/index) on the way.
 */
#ifndef NN_VALIDATE_H
#define NN_VALIDATE_H

#include "metamodel/diag.h"
#include "metamodel/pivot.h"

/* Returns the number of errors reported. */
int nn_validate(struct nn_model *m, struct nn_diag_sink *d);

#endif
