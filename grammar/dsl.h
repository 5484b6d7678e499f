/* dsl.h - the BESSER-NN DSL front end: text -> pivot model.
 *
 * nn_dsl_parse() runs the reentrant flex scanner and bison parser over one
 * source, builds the pivot in the model's arena, attaches comments to the
 * items they belong to, and reports every syntax error it can recover from.
 * It does not validate: call nn_validate() (metamodel/validate.h) after it.
 */
#ifndef NN_DSL_H
#define NN_DSL_H

#include "metamodel/diag.h"
#include "metamodel/pivot.h"

/* Returns the number of errors reported (0: the model is built). */
int nn_dsl_parse(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d);

#endif
