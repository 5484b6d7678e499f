/* gen.h - code generation: pivot model -> PyTorch or TensorFlow/Keras Python.
 *
 * Four targets (frameworks/frameworks.def), the architecture styles of the source paper: a Sequential
 * model or a subclass, in PyTorch or Keras.  A generator runs shape
 * inference first (sizes the DSL left out, padding that depends on the
 * input size), then writes one Python module into memory; the caller gets
 * the text only when generation succeeded, so an error never leaves a
 * partial file behind.  With with_training the module also gets training
 * and evaluation code from the model's config and datasets, run when the
 * module is executed as a script.
 */
#ifndef NN_GEN_H
#define NN_GEN_H

#include <stddef.h>
#include <stdio.h>

#include "frameworks/framework.h"
#include "metamodel/diag.h"
#include "metamodel/pivot.h"

struct nn_gen_options {
    enum nn_target target;
    int channels_first;           /* PyTorch: take channel-first input, native layout */
    const char *source_name;      /* the input file, named in the header */
    const long long *input_shape; /* override of the network's input_shape, or NULL */
    size_t input_rank;            /* items in input_shape */
    int with_training;            /* add training code, run when executed as a script */
};

/* Generate the model's code; on success write it to out and return 0, else
 * report through d, write nothing and return the number of errors. */
int nn_gen_code(struct nn_model *m, const struct nn_gen_options *o, FILE *out,
                struct nn_diag_sink *d);
/* The same, into a malloc'ed string the caller frees (*len bytes). */
int nn_gen_code_string(struct nn_model *m, const struct nn_gen_options *o, char **text,
                       size_t *len, struct nn_diag_sink *d);

#endif
