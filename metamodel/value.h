/* value.h - attribute values: conformance to the schema's value types.
 *
 * Front ends produce raw values (numbers, strings, bare names, lists);
 * nn_value_coerce() checks one against an attribute's type and converts
 * where the notation is lenient (an integer where a decimal is expected,
 * True/False names to booleans, a known activation given as a string).
 */
#ifndef NN_VALUE_H
#define NN_VALUE_H

#include "metamodel/pivot.h"

/* NULL when v conforms to attribute id (v may be converted in place),
 * otherwise a description of what was expected ("a list of integers"). */
const char *nn_value_coerce(enum nn_attr_id id, struct nn_value *v);

/* Human name of a value type, for messages ("a string"). */
const char *nn_atype_describe(enum nn_atype t);

#endif
