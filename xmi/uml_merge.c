/* uml_merge.c - attach a network to an existing UML model as a behaviour.
 *
 * The network's Activity becomes the method of an operation (an owned
 * behaviour of the operation's class, the operation's `method` naming it and
 * its `specification` naming the operation) or the do-activity of a state.
 * The BESSER_NN profile is applied to the model once, and the stereotype
 * applications join the document's root.  Nothing else changes: the tree of
 * the original file is kept as parsed, new nodes are only added, and the
 * original's whitespace is kept (new nodes are indented like their siblings).
 */
#include "xmi/uml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmi/meta.h"
#include "xmi/xml_load.h"
#include "xmi/xml_out.h"

static xmlNode *next_el(xmlNode *n)
{
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    return n;
}

#define uml_type nn_xmi_uml_type

/* Is any xmi:id in the subtree the network's prefix or inside it? */
static int uses_prefix(const xmlNode *n, const char *prefix, size_t len)
{
    const char *id = nn_xmi_attr(n, NN_XMI_XMI_URI, "id");
    if (id && strncmp(id, prefix, len) == 0 && (id[len] == '\0' || id[len] == '.' || id[len] == '-'))
        return 1;
    for (xmlNode *c = next_el(n->children); c; c = next_el(c->next))
        if (uses_prefix(c, prefix, len))
            return 1;
    return 0;
}

/* Whitespace text before each element child of n and before its end tag, so
 * that a new subtree reads like the original file around it (libxml2 does
 * not indent inside elements that hold text). */
static void indent_subtree(xmlNode *n, const xmlChar *indent)
{
    xmlNode *first = n->children;
    if (!first || first->type == XML_TEXT_NODE)
        return; /* empty, or a leaf holding a value */
    xmlChar *inner = xmlStrncatNew(indent, (const xmlChar *)"  ", -1);
    for (xmlNode *c = first, *next; c; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        xmlAddPrevSibling(c, xmlNewDocText(n->doc, inner));
        indent_subtree(c, inner);
    }
    xmlAddChild(n, xmlNewDocText(n->doc, indent));
    xmlFree(inner);
}

/* Move the nodes added after `last` (the parent's last original child) before
 * that closing whitespace, each on its own line, indented like its siblings. */
static void tidy(xmlNode *parent, xmlNode *last)
{
    if (!last && parent->prev && xmlIsBlankNode(parent->prev)) { /* was <x/>: open it */
        xmlChar *inner = xmlStrncatNew(parent->prev->content, (const xmlChar *)"  ", -1);
        for (xmlNode *n = parent->children, *next; n; n = next) {
            next = n->next;
            xmlAddPrevSibling(n, xmlNewDocText(parent->doc, inner));
            indent_subtree(n, inner);
        }
        xmlAddChild(parent, xmlNewDocText(parent->doc, parent->prev->content));
        xmlFree(inner);
        return;
    }
    if (!last || last->type != XML_TEXT_NODE || !xmlIsBlankNode(last))
        return;
    xmlNode *prev = last->prev;
    while (prev && prev->type != XML_ELEMENT_NODE)
        prev = prev->prev;
    const xmlChar *indent = prev && prev->prev && xmlIsBlankNode(prev->prev) ? prev->prev->content
                                                                             : (const xmlChar *)"\n  ";
    xmlChar *copy = xmlStrdup(indent);
    for (xmlNode *n = last->next, *next; n; n = next) {
        next = n->next;
        xmlAddPrevSibling(last, n);  /* an element: no text merging */
        xmlAddPrevSibling(n, xmlNewDocText(parent->doc, copy));
        indent_subtree(n, copy);
    }
    xmlFree(copy);
}

/* Give the document an xmi:XMI root when it is a bare uml:Model (as Papyrus
 * does when it first applies a stereotype). */
static xmlNode *xmi_root(xmlDoc *doc, xmlNode *model)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root != model)
        return root;
    xmlNsPtr xmi = xmlSearchNsByHref(doc, model, (const xmlChar *)NN_XMI_XMI_URI);
    xmlNode *wrap = xmlNewDocNode(doc, NULL, (const xmlChar *)"XMI", NULL);
    xmlDocSetRootElement(doc, wrap);
    xmlAddChild(wrap, model);
    /* the namespaces stay declared on the model; the wrapper declares what it uses */
    xmi = xmlNewNs(wrap, (const xmlChar *)NN_XMI_XMI_URI, (const xmlChar *)"xmi");
    xmlSetNs(wrap, xmi);
    xmlChar *version = xmlGetNsProp(model, (const xmlChar *)"version", (const xmlChar *)NN_XMI_XMI_URI);
    nn_xmi_set(wrap, xmi, "version", "%s", version ? (const char *)version : "20131001");
    xmlFree(version);
    xmlAddPrevSibling(model, xmlNewDocText(doc, (const xmlChar *)"\n  "));
    xmlAddNextSibling(model, xmlNewDocText(doc, (const xmlChar *)"\n"));
    return wrap;
}

/* Is the BESSER_NN profile already applied to the model? */
static int profile_applied(xmlNode *model)
{
    for (xmlNode *p = next_el(model->children); p; p = next_el(p->next)) {
        if (strcmp((const char *)p->name, "profileApplication") != 0)
            continue;
        for (xmlNode *a = next_el(p->children); a; a = next_el(a->next)) {
            const char *href = nn_xmi_attr(a, NULL, "href");
            size_t n = href ? strlen(href) : 0, k = strlen("#" NN_UML_PROFILE_ID);
            if (strcmp((const char *)a->name, "appliedProfile") == 0 && n >= k &&
                strcmp(href + n - k, "#" NN_UML_PROFILE_ID) == 0)
                return 1;
        }
    }
    return 0;
}

/* Where the activity goes: the owner and the feature, for an operation or a state. */
static xmlNode *host(struct nn_xmi_doc *x, xmlNode *model, xmlNode *t, const char *qname,
                     const char **feature)
{
    const char *type = t ? uml_type(t) : "";
    if (strcmp(type, "Operation") == 0) {
        const char *owner = uml_type(t->parent);
        if (strcmp(owner, "Class") != 0 && strcmp(owner, "Component") != 0) {
            nn_xmi_error(x, t, NULL, "operation '%s' belongs to a %s, which cannot own a "
                         "behaviour", qname, *owner ? owner : "non-class");
            return NULL;
        }
        *feature = "ownedBehavior";
        return t->parent;
    }
    if (strcmp(type, "State") == 0) {
        for (xmlNode *c = next_el(t->children); c; c = next_el(c->next))
            if (strcmp((const char *)c->name, "doActivity") == 0) {
                nn_xmi_error(x, c, NULL, "state '%s' already has a do-activity", qname);
                return NULL;
            }
        *feature = "doActivity";
        return t;
    }
    char *hint = t ? NULL : nn_xmi_uml_behavior_hint(model, qname);
    nn_xmi_error(x, t ? t : model, NULL, t ? "'%s' is a %s; --behavior names an operation "
                 "(Package::Class::operation) or a state (Package::Machine::State)"
                 : "no element of this model is called '%s'%s", qname,
                 t ? type : hint ? hint : "");
    free(hint);
    return NULL;
}

/* Attach the network; returns the error count. */
static int attach(const struct nn_model *m, struct nn_xmi_doc *x, const char *qname,
                  struct nn_diag_sink *d)
{
    xmlNode *model = nn_xmi_uml_model(x->doc), *t = NULL, *owner;
    const char *feature = NULL;
    char prefix[256];
    if (!model) {
        nn_xmi_error(x, xmlDocGetRootElement(x->doc), NULL, "no uml:Model in this document");
        return 1;
    }
    t = nn_xmi_uml_find(model, qname);
    if (!(owner = host(x, model, t, qname, &feature)))
        return 1;
    nn_xmi_uml_net_id(m->net.head.name, prefix, sizeof prefix);
    if (uses_prefix(xmlDocGetRootElement(x->doc), prefix, strlen(prefix))) {
        nn_xmi_error(x, model, NULL, "this model already holds a network called '%s' "
                     "(xmi:id %s)", m->net.head.name, prefix);
        return 1;
    }
    xmlNode *root = xmi_root(x->doc, model);
    xmlNode *root_last = root->last, *owner_last = owner->last, *model_last = model->last;
    xmlNode *act = nn_xmi_uml_add_network(m, owner, feature, d);
    if (!act)
        return 1;
    if (strcmp(feature, "ownedBehavior") == 0) {
        const char *op = nn_xmi_attr(t, NN_XMI_XMI_URI, "id");
        nn_xmi_set(act, NULL, "specification", "%s", op ? op : "");
        const char *old = nn_xmi_attr(t, NULL, "method");
        if (old)
            nn_xmi_set(t, NULL, "method", "%s %s", old, prefix);
        else
            nn_xmi_set(t, NULL, "method", "%s", prefix);
    }
    char pa[300];
    snprintf(pa, sizeof pa, "%s-profileApplication", prefix);
    if (!profile_applied(model))
        nn_xmi_uml_apply_profile(model, pa);
    tidy(owner, owner_last);
    if (model != owner)
        tidy(model, model_last);
    tidy(root, root_last);
    return 0;
}

int nn_xmi_merge(const struct nn_model *m, struct nn_source *system, const char *qname,
                 FILE *out, struct nn_diag_sink *d)
{
    struct nn_xmi_doc x;
    int errors = nn_xmi_load(system, d, &x);
    if (errors == 0)
        errors = attach(m, &x, qname, d);
    if (errors == 0 && nn_xmi_save(x.doc, out) != 0) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "cannot write the merged model");
        errors = 1;
    }
    nn_xmi_unload(&x);
    return errors;
}
