/* xml_load.h - safe XML loading for the XMI and UML readers, with locations.
 *
 * Parses a source with libxml2 under a per-parser error handler that turns
 * every libxml2 message into an nn_diag() at file:line:col.  The parser
 * never touches the network, never loads a DTD, never substitutes entities,
 * and rejects any DOCTYPE outright (so neither an external entity nor an
 * entity expansion bomb gets anywhere).  Nodes and attributes of the tree
 * can be mapped back to byte offsets of the source for later diagnostics.
 */
#ifndef NN_XMI_XML_LOAD_H
#define NN_XMI_XML_LOAD_H

#include <libxml/tree.h>

#include "metamodel/diag.h"

struct nn_xmi_doc {
    xmlDocPtr doc;               /* the tree (NULL when parsing failed) */
    struct nn_source *src;       /* the text it came from */
    struct nn_diag_sink *d;      /* where problems go */
};

/* Parse src; returns the number of errors reported (x->doc is set when 0). */
int nn_xmi_load(struct nn_source *src, struct nn_diag_sink *d, struct nn_xmi_doc *x);
void nn_xmi_unload(struct nn_xmi_doc *x);

/* The start tag of n, or its attribute called qname ("xmi:id", "name") when found. */
struct nn_loc nn_xmi_loc(const struct nn_xmi_doc *x, const xmlNode *n, const char *qname);
/* Report an error at n (or at its attribute qname, when not NULL). */
void nn_xmi_error(const struct nn_xmi_doc *x, const xmlNode *n, const char *qname,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Does the text look like XML (first thing after spaces and a BOM is '<')? */
int nn_xmi_looks_like_xml(const struct nn_source *src);
/* Attribute value of n in namespace ns (NULL: no namespace), or NULL.  The
 * result belongs to the tree (no copy). */
const char *nn_xmi_attr(const xmlNode *n, const char *ns, const char *name);
/* The namespace URI of n, or "". */
const char *nn_xmi_ns(const xmlNode *n);
/* Is uri one of the XMI namespaces (2.5 or EMF's 2.0)? */
int nn_xmi_is_xmi_ns(const char *uri);
/* Resolve a "prefix:Name" type (xmi:type) against n's namespaces: the
 * namespace URI of prefix (or NULL) and the local name. */
const char *nn_xmi_qname_ns(const xmlNode *n, const char *qname, const char **local);

#endif
