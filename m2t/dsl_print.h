/* dsl_print.h - the pivot printed as canonical DSL text.
 *
 * One form: BESSER's section and key order, four-space indentation, one
 * module per line, comments kept with their items.  Printing what was
 * printed and parsed back gives the same bytes.  A model that uses no
 * extension prints in plain BESSER notation.
 */
#ifndef NN_DSL_PRINT_H
#define NN_DSL_PRINT_H

#include <stdio.h>

#include "metamodel/pivot.h"

void nn_dsl_print(const struct nn_model *m, FILE *out);
/* One attribute value as the DSL writes it (lists, strings, booleans). */
void nn_dsl_print_value(const struct nn_value *v, FILE *out);
/* A decimal in the DSL's notation: shortest round trip, positional when sensible. */
void nn_dsl_format_float(double f, char *buf, size_t size);

#endif
