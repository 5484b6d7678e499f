/* xmi.h - the pivot as XMI: an instance of the BESSER-NN Ecore metamodel.
 *
 * nn_xmi_write() writes a validated model as OMG XMI 2.5 (EMF conventions:
 * one root nn:NN, an xmi:id on every element, references by id, many-valued
 * attributes as repeated elements, comments as Comment objects).
 * nn_xmi_read() reads such a document back (also EMF's re-saved form, XMI
 * 2.0 namespace included) and reports every problem at file:line:col.
 * nn_xmi_write_ecore() writes the metamodel itself, derived from the schema.
 * doc/xmi.md describes the mapping.
 */
#ifndef NN_XMI_H
#define NN_XMI_H

#include <stdio.h>

#include "metamodel/diag.h"
#include "metamodel/pivot.h"

/* Returns the number of errors reported. */
int nn_xmi_write(const struct nn_model *m, FILE *out, struct nn_diag_sink *d);
int nn_xmi_read(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d);
int nn_xmi_write_ecore(FILE *out, struct nn_diag_sink *d);

/* Is src an XML document that is not a UML model (the XMI reader's input)? */
int nn_xmi_detect(const struct nn_source *src);

#endif
