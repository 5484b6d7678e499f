/* value.h - pivot values as XML text and back, shared by XMI and UML.
 *
 * One spelling per value type, the one EMF and UML tools use: integers in
 * decimal, decimals as the shortest text that reads back exactly, booleans
 * as true/false, enumeration literals and strings as they are.  Reading
 * checks the text against the attribute's schema type and value set, and
 * refuses what the DSL could not print (names that are not identifiers,
 * strings with quotes or line breaks).
 */
#ifndef NN_XMI_VALUE_H
#define NN_XMI_VALUE_H

#include <stddef.h>

#include "metamodel/pivot.h"

/* Text of one scalar value (not a list) into buf. */
const char *nn_xmi_value_text(const struct nn_value *v, char *buf, size_t size);
/* Parse text as one scalar of attribute a's type (a list attribute: one
 * item).  NULL on success, else what was expected. */
const char *nn_xmi_value_parse(struct nn_arena *ar, enum nn_attr_id a, const char *text,
                               struct nn_value *out);
/* Is s an identifier ([A-Za-z_][A-Za-z0-9_]*)? */
int nn_xmi_is_ident(const char *s);
/* Can s be written between double quotes in the DSL? */
int nn_xmi_is_dsl_string(const char *s);
/* Is text DSL comment lines ("# ...", one per line; one line when single)? */
int nn_xmi_is_comment(const char *text, int single);
/* A tensor-list item in DSL notation ("pool", pool, 2, 0.5) and back. */
const char *nn_xmi_item_text(const struct nn_value *v, char *buf, size_t size);
const char *nn_xmi_item_parse(struct nn_arena *ar, const char *text, struct nn_value *out);

#endif
