/* verify_gen.h - --verify: the Python script that builds a source model and
 * the model nnc generated from it, gives both the same weights and inputs,
 * and compares their outputs (verify_gen.c). */
#ifndef NN_VERIFY_GEN_H
#define NN_VERIFY_GEN_H

#include <stdio.h>

#include "metamodel/pivot.h"

struct nn_verify_spec {
    const char *framework; /* the generated module's: "torch" or "keras" */
    const char *cls;       /* the model class it defines */
    int samples;           /* how many random inputs */
};

/* Write the script for model m (read from Python: weights_source and
 * source_builder set) into f. */
void nn_verify_gen(struct nn_model *m, const struct nn_verify_spec *s, FILE *f);

#endif
