/* inputs.h - a network's named inputs (the DSL's inputs: section, an nnc
 * extension): the checks they need beyond their fields.
 *
 * A root network takes either one input (input_shape=, or none given) or
 * the inputs its inputs: section names, in that order.  Modules refer to an
 * input by its name wherever they may name a module; the first module, when
 * it names nothing, takes the first input.  Sub-networks keep one input.
 */
#ifndef NN_INPUTS_H
#define NN_INPUTS_H

#include "metamodel/diag.h"
#include "metamodel/pivot.h"

/* Report inputs: given together with input_shape=, an input named twice or
 * after a module, and an input no module consumes.  The root must have been
 * indexed (nn_net_index).  Returns the number of errors reported. */
int nn_inputs_validate(struct nn_model *m, struct nn_diag_sink *d);

/* Does the root network of m take several inputs? */
int nn_model_multi_input(const struct nn_model *m);

/* For a writer that does not hold named inputs (yet): report, at the
 * first input, that `what` cannot write m when m has an inputs: section
 * (any, or only several when several_only).  Returns the errors reported. */
int nn_inputs_refuse(const struct nn_model *m, const char *what, int several_only,
                     struct nn_diag_sink *d);

#endif
