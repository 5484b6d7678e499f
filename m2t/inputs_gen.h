/* inputs_gen.h - what the subclass generators write for a network with
 * several named inputs (metamodel/inputs.h): the variable of each input,
 * the parameter list, the INPUT_SHAPES table and the docstring line.
 *
 * A network with one input (named or not) is written as before: its
 * variable is "x" (or "inputs"), and INPUT_SHAPE holds its shape.
 */
#ifndef NN_INPUTS_GEN_H
#define NN_INPUTS_GEN_H

#include "m2t/gen_impl.h"

/* The variable holding operand arg of a module of net: the input's own
 * name for one of several inputs, else what nn_gen_var gives. */
const char *nn_gen_arg_var(struct nn_gen *g, const struct nn_network *net,
                           const struct nn_flow *f, const struct nn_flow_arg *arg);

/* Does net (the root) take several inputs? */
int nn_gen_several_inputs(const struct nn_gen *g, const struct nn_network *net);

/* "image, features": the inputs' names, in order. */
const char *nn_gen_input_names(struct nn_gen *g);

/* Set g->input_shapes to the table {"image": (8, 8, 3), ...} (channels
 * last), when every input's shape is known. */
void nn_gen_input_shapes(struct nn_gen *g);

/* "image (batch, 8, 8, 3), features (batch, 5)" for a docstring. */
const char *nn_gen_inputs_doc(struct nn_gen *g);

#endif
