/* xml_out.h - building and saving the XML trees nnc writes (XMI, Ecore, UML).
 *
 * Thin helpers over libxml2's tree API: an element with a namespace, an
 * attribute set with printf, an xmi:id, and saving a document to a stream
 * with two-space indentation.  Values are escaped by libxml2.
 */
#ifndef NN_XMI_XML_OUT_H
#define NN_XMI_XML_OUT_H

#include <stdio.h>

#include <libxml/tree.h>

/* A new child element (ns may be NULL). */
xmlNodePtr nn_xmi_el(xmlNodePtr parent, xmlNsPtr ns, const char *name);
/* A new child element without namespace holding text. */
xmlNodePtr nn_xmi_text_el(xmlNodePtr parent, const char *name, const char *text);
/* Set attribute name (in ns, may be NULL) to a printf-formatted value. */
void nn_xmi_set(xmlNodePtr n, xmlNsPtr ns, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Save doc to out, indented; returns 0 or -1. */
int nn_xmi_save(xmlDocPtr doc, FILE *out);

#endif
