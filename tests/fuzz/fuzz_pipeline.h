/* fuzz_pipeline.h - what every fuzz target does with a model its reader
 * accepted: validation, shape inference, and every writer (the DSL
 * printer, the four code generators, XMI, UML and Graphviz), so that a
 * reader's odd model reaches the stages after it. */
#ifndef NN_FUZZ_PIPELINE_H
#define NN_FUZZ_PIPELINE_H

#include <stdio.h>

#include "frameworks/framework.h"
#include "m2t/dot_print.h"
#include "m2t/dsl_print.h"
#include "m2t/gen.h"
#include "metamodel/diag.h"
#include "metamodel/pivot.h"
#include "metamodel/shape.h"
#include "metamodel/validate.h"
#include "xmi/uml.h"
#include "xmi/xmi.h"

static inline void fuzz_write_all(struct nn_model *m, struct nn_diag_sink *sink, FILE *out)
{
    if (m->over_limit || nn_validate(m, sink) != 0)
        return;
    nn_dsl_print(m, out);
    nn_xmi_write(m, out, sink);
    if (nn_shape_check(m, NULL, 0, sink, NULL) != 0)
        return;
    nn_xmi_write_uml(m, out, sink);
    nn_dot_print(m, NULL, 0, out, sink);
    for (int t = 0; t < NN_TARGET_COUNT; t++) {
        struct nn_gen_options g = {0};
        g.target = (enum nn_target)t;
        g.source_name = "fuzz";
        nn_gen_code(m, &g, out, sink);
    }
}

#endif
