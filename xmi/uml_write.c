/* uml_write.c - pivot -> UML Activity with BESSER_NN stereotypes (see uml.h). */
#include "xmi/uml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmi/meta.h"
#include "xmi/value.h"
#include "xmi/xml_load.h"
#include "xmi/xml_out.h"

struct uw {
    const struct nn_model *m;
    xmlNodePtr root;            /* xmi:XMI: stereotype applications go at its end */
    xmlNsPtr xmi, prof;
    struct nn_diag_sink *d;
    int errors;
    char root_id[256];
};

/* One network's activity while it is built. */
struct act {
    const struct nn_network *net;
    const char *id;
    xmlNodePtr node;            /* the Activity */
    xmlNodePtr *layers, *ops, *calls; /* action nodes by index (calls: by root subnet) */
    int ncomments;
};

void nn_xmi_uml_net_id(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "nnc.%s", name);
}

xmlNsPtr nn_xmi_uml_ns(xmlNodePtr root, const char *uri, const char *prefix)
{
    xmlNsPtr ns = xmlSearchNsByHref(root->doc, root, (const xmlChar *)uri);
    return ns ? ns : xmlNewNs(root, (const xmlChar *)uri, (const xmlChar *)prefix);
}

/* Append id to the IDREFS attribute name of n. */
static void add_ref(xmlNodePtr n, const char *name, const char *id)
{
    xmlChar *old = xmlGetProp(n, (const xmlChar *)name);
    if (old)
        nn_xmi_set(n, NULL, name, "%s %s", (const char *)old, id);
    else
        nn_xmi_set(n, NULL, name, "%s", id);
    xmlFree(old);
}

static xmlNodePtr typed(struct uw *w, xmlNodePtr parent, const char *feature, const char *type,
                        const char *id)
{
    xmlNodePtr n = nn_xmi_el(parent, NULL, feature);
    nn_xmi_set(n, w->xmi, "type", "uml:%s", type);
    nn_xmi_set(n, w->xmi, "id", "%s", id);
    return n;
}

/* The action node of module name in a, or NULL. */
static xmlNodePtr module_node(struct uw *w, struct act *a, const char *name)
{
    size_t i;
    switch (nn_net_lookup(&w->m->net, a->net, name, &i)) {
    case NN_REF_LAYER: return a->layers[i];
    case NN_REF_OP: return a->ops[i];
    case NN_REF_SUBNET: return a->calls[i];
    case NN_REF_NONE: break;
    }
    return NULL;
}

/* An action with one input and one output pin. */
static xmlNodePtr action(struct uw *w, struct act *a, const char *type, const char *name,
                         int call)
{
    char id[512];
    snprintf(id, sizeof id, "%s.%s%s", a->id, name, call ? "-call" : "");
    xmlNodePtr n = typed(w, a->node, "node", type, id);
    nn_xmi_set(n, NULL, "name", "%s", name);
    xmlNodePtr in = typed(w, n, call ? "argument" : "inputValue", "InputPin", "");
    nn_xmi_set(in, w->xmi, "id", "%s.in", id);
    nn_xmi_set(in, NULL, "name", "in");
    xmlNodePtr out = typed(w, n, call ? "result" : "outputValue", "OutputPin", "");
    nn_xmi_set(out, w->xmi, "id", "%s.out", id);
    nn_xmi_set(out, NULL, "name", "out");
    return n;
}

/* A call of sub-network s from a, created once. */
static void need_call(struct uw *w, struct act *a, const char *name)
{
    size_t i;
    if (nn_net_lookup(&w->m->net, a->net, name, &i) != NN_REF_SUBNET || a->calls[i])
        return;
    a->calls[i] = action(w, a, "CallBehaviorAction", name, 1);
    nn_xmi_set(a->calls[i], NULL, "behavior", "%s.%s", w->root_id, name);
}

/* A stereotype application of name on base (an element id), at the document's end. */
static xmlNodePtr apply(struct uw *w, const char *name, const char *base_feature,
                        const char *base, const char *suffix)
{
    xmlNodePtr s = nn_xmi_el(w->root, w->prof, name);
    nn_xmi_set(s, w->xmi, "id", "%s-%s", base, suffix);
    nn_xmi_set(s, NULL, base_feature, "%s", base);
    return s;
}

/* A DSL comment as a uml:Comment of the activity, annotating element id. */
static void comment(struct uw *w, struct act *a, const char *id, const char *at,
                    const struct nn_comments *c)
{
    if (!c->lead && !c->trail)
        return;
    char cid[512];
    snprintf(cid, sizeof cid, "%s-c%d", a->id, a->ncomments++);
    xmlNodePtr k = typed(w, a->node, "ownedComment", "Comment", cid);
    nn_xmi_set(k, NULL, "annotatedElement", "%s", id);
    if (c->lead)
        nn_xmi_set(k, NULL, "body", "%s", c->lead);
    xmlNodePtr s = apply(w, "DslComment", "base_Comment", cid, "st");
    if (at)
        nn_xmi_set(s, NULL, "at", "%s", at);
    if (c->trail)
        nn_xmi_set(s, NULL, "trail", "%s", c->trail);
}

/* The id of the node a reference names ("input": the input parameter node). */
static void ref_id(struct uw *w, struct act *a, const char *name, char *buf, size_t size)
{
    xmlNodePtr n = strcmp(name, "input") == 0 ? NULL : module_node(w, a, name);
    const char *id = n ? nn_xmi_attr(n, NN_XMI_XMI_URI, "id") : NULL;
    if (id)
        snprintf(buf, size, "%s", id);
    else
        snprintf(buf, size, "%s-input", a->id);
}

/* One tagged value: an XML attribute, or repeated elements for a list. */
static void tag_value(struct uw *w, struct act *ac, xmlNodePtr s, const struct nn_attr *a)
{
    char buf[512];
    const char *key = nn_attr_key(a->id);
    if (a->v.type == NN_V_LIST && a->v.n == 0) { /* given as [] */
        nn_xmi_text_el(s, "empty_lists", key);
        return;
    }
    switch (nn_xmi_attr_rep(a->id)) {
    case NN_XMI_SCALAR:
        if (a->v.type == NN_V_STRING && nn_xmi_attr_free_name(a->id)) {
            snprintf(buf, sizeof buf, "%s_name", key);
            nn_xmi_set(s, NULL, buf, "%s", a->v.s);
        } else {
            nn_xmi_set(s, NULL, key, "%s", nn_xmi_value_text(&a->v, buf, sizeof buf));
        }
        break;
    case NN_XMI_REF:
        ref_id(w, ac, a->v.s, buf, sizeof buf);
        nn_xmi_set(s, NULL, key, "%s", buf);
        break;
    case NN_XMI_MANY:
        for (size_t k = 0; k < a->v.n; k++)
            nn_xmi_text_el(s, key, nn_xmi_value_text(&a->v.items[k], buf, sizeof buf));
        break;
    case NN_XMI_ARGS:
        for (size_t k = 0; k < a->v.n; k++)
            nn_xmi_text_el(s, key, nn_xmi_item_text(&a->v.items[k], buf, sizeof buf));
        break;
    case NN_XMI_LABELS:
        for (size_t k = 0; k < a->v.n; k++) {
            snprintf(buf, sizeof buf, "(col=\"%s\", label=\"%s\")", a->v.items[k].s,
                     a->v.items[k].s2);
            nn_xmi_text_el(s, key, buf);
        }
        break;
    }
}

/* Tagged values: every given attribute of e on application s; comments too. */
static void tags(struct uw *w, struct act *a, xmlNodePtr s, const struct nn_elem *e,
                 const char *id, const char *block)
{
    char at[128];
    size_t nf;
    const struct nn_field *f = nn_schema_kind_fields(e->kind, &nf);
    comment(w, a, id, block, &e->c);
    for (size_t i = 0; i < nf; i++) {
        const struct nn_attr *at_ = nn_elem_attr(e, f[i].attr);
        if (!at_)
            continue;
        const char *key = nn_attr_key(at_->id);
        snprintf(at, sizeof at, "%s%s%s", block ? block : "", block ? "." : "", key);
        comment(w, a, id, at, &at_->c);
        tag_value(w, a, s, at_);
    }
}

/* The edge ids gathered for one node's "outgoing" and "incoming": set
 * once when the activity's flows are done (appending to the attribute
 * edge by edge copied it each time, quadratic for a module used often). */
struct refs {
    xmlNodePtr node;
    char *text[2];              /* outgoing, incoming */
    size_t len[2], cap[2];
    int first;                  /* which attribute was gathered first */
};

struct ref_table {
    struct refs *v;
    size_t n, cap;
    int failed;
};

/* node's entry in t, found through node->_private (index + 1). */
static struct refs *refs_of(struct ref_table *t, xmlNodePtr node, int which)
{
    size_t i = (size_t)(uintptr_t)node->_private;
    if (i)
        return &t->v[i - 1];
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        struct refs *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return NULL;
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n] = (struct refs){node, {NULL, NULL}, {0, 0}, {0, 0}, which};
    node->_private = (void *)(uintptr_t)++t->n;
    return &t->v[t->n - 1];
}

/* Add id to node's attribute which (0 outgoing, 1 incoming). */
static void gather(struct ref_table *t, xmlNodePtr node, int which, const char *id)
{
    struct refs *r = refs_of(t, node, which);
    size_t k = strlen(id);
    if (r && r->len[which] + k + 2 > r->cap[which]) {
        size_t cap = 2 * (r->len[which] + k + 2);
        char *nt = realloc(r->text[which], cap);
        if (nt) {
            r->text[which] = nt;
            r->cap[which] = cap;
        }
    }
    if (!r || r->len[which] + k + 2 > r->cap[which]) {
        t->failed = 1;
        return;
    }
    if (r->len[which])
        r->text[which][r->len[which]++] = ' ';
    memcpy(r->text[which] + r->len[which], id, k + 1);
    r->len[which] += k;
}

/* Set the gathered attributes, in the order they were first gathered. */
static void set_refs(struct ref_table *t)
{
    static const char *const names[2] = {"outgoing", "incoming"};
    for (size_t i = 0; i < t->n; i++) {
        struct refs *r = &t->v[i];
        for (int j = 0; j < 2; j++) {
            int which = j ? !r->first : r->first;
            if (r->text[which])
                add_ref(r->node, names[which], r->text[which]);
            free(r->text[which]);
        }
        r->node->_private = NULL;
    }
    free(t->v);
}

/* An object flow from pin (or node) src to pin dst. */
static void flow(struct uw *w, struct act *a, struct ref_table *t, size_t i, xmlNodePtr src,
                 xmlNodePtr dst)
{
    char id[512];
    snprintf(id, sizeof id, "%s-e%zu", a->id, i);
    xmlNodePtr e = typed(w, a->node, "edge", "ObjectFlow", id);
    const char *s = nn_xmi_attr(src, NN_XMI_XMI_URI, "id"), *d = nn_xmi_attr(dst, NN_XMI_XMI_URI, "id");
    nn_xmi_set(e, NULL, "target", "%s", d);
    nn_xmi_set(e, NULL, "source", "%s", s);
    gather(t, src, 0, id);
    gather(t, dst, 1, id);
}

/* Input and output: parameters and their parameter nodes. */
static xmlNodePtr param(struct uw *w, struct act *a, const char *name, const char *dir)
{
    char id[512];
    snprintf(id, sizeof id, "%s-p%s", a->id, name);
    xmlNodePtr p = nn_xmi_el(a->node, NULL, "ownedParameter");
    nn_xmi_set(p, w->xmi, "id", "%s", id);
    nn_xmi_set(p, NULL, "name", "%s", name);
    nn_xmi_set(p, NULL, "direction", "%s", dir);
    snprintf(id, sizeof id, "%s-%s", a->id, name);
    xmlNodePtr n = typed(w, a->node, "node", "ActivityParameterNode", id);
    nn_xmi_set(n, NULL, "name", "%s", name);
    nn_xmi_set(n, NULL, "parameter", "%s-p%s", a->id, name);
    return n;
}

/* Calls for every sub-network this network's modules or references name. */
static void calls(struct uw *w, struct act *a)
{
    const struct nn_network *n = a->net;
    for (size_t i = 0; i < n->nmodules; i++)
        need_call(w, a, n->modules[i].name);
    for (size_t k = 0; k < n->nlayers + n->nops; k++) {
        const struct nn_elem *e = k < n->nlayers ? &n->layers[k] : &n->ops[k - n->nlayers];
        const struct nn_attr *r = nn_elem_attr(e, NN_A_NAME_LAYER_INPUT);
        if (r && r->v.s)
            need_call(w, a, r->v.s);
        r = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
        for (size_t j = 0; r && j < r->v.n; j++)
            if (r->v.items[j].s)
                need_call(w, a, r->v.items[j].s);
    }
}

/* The object flows: input -> modules in forward order -> output. */
static void flows(struct uw *w, struct act *a, xmlNodePtr in, xmlNodePtr out)
{
    xmlNodePtr prev = in;
    size_t i = 0;
    struct ref_table t = {NULL, 0, 0, 0};
    if (!a->net->has_modules && !a->net->nmodules)
        return; /* a sub-network without modules: its layers in order */
    for (; i < a->net->nmodules; i++) {
        xmlNodePtr n = module_node(w, a, a->net->modules[i].name);
        if (!n) {
            nn_diag(w->d, a->net->modules[i].loc, NN_ERROR, "UML: module '%s' names nothing",
                    a->net->modules[i].name);
            w->errors++;
            break;
        }
        flow(w, a, &t, i, prev, n->children);
        prev = n->children->next;
    }
    if (i == a->net->nmodules)
        flow(w, a, &t, i, prev, out);
    if (t.failed) {
        nn_diag(w->d, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
        w->errors++;
    }
    set_refs(&t);
}

/* Network-level comments: sections, module entries, the end. */
static void net_comments(struct uw *w, struct act *a)
{
    static const char *const sections[NN_SEC_COUNT] = {
        "layers", "sub_nn", "tensor_ops", "modules", "config", "TrainingDataset", "TestDataset",
        "inputs"};
    char at[64];
    for (int s = 0; s < NN_SEC_COUNT; s++) {
        snprintf(at, sizeof at, "section:%s", sections[s]);
        comment(w, a, a->id, at, &a->net->sec[s]);
    }
    for (size_t i = 0; i < a->net->nmodules; i++) {
        snprintf(at, sizeof at, "modules[%zu]", i);
        comment(w, a, a->id, at, &a->net->modules[i].c);
    }
    struct nn_comments end = {a->net->epilogue, NULL};
    comment(w, a, a->id, "end", &end);
}

/* The configuration or a dataset: another stereotype on the root activity. */
static void block(struct uw *w, struct act *a, const struct nn_elem *e, const char *name)
{
    if (e)
        tags(w, a, apply(w, name, "base_Activity", a->id, name), e, a->id, name);
}

/* One network's Activity with everything in it. */
static xmlNodePtr build(struct uw *w, xmlNodePtr parent, const char *feature,
                        const struct nn_network *net, const char *id)
{
    size_t nsub = w->m->net.nsubnets;
    struct act a = {net, id, NULL, calloc(net->nlayers + 1, sizeof(xmlNodePtr)),
                    calloc(net->nops + 1, sizeof(xmlNodePtr)), calloc(nsub + 1, sizeof(xmlNodePtr)), 0};
    a.node = typed(w, parent, feature, "Activity", id);
    nn_xmi_set(a.node, NULL, "name", "%s", net->head.name);
    xmlNodePtr in = param(w, &a, "input", "in");
    for (size_t i = 0; i < net->nlayers; i++)
        a.layers[i] = action(w, &a, "OpaqueAction", net->layers[i].name, 0);
    for (size_t i = 0; i < net->nops; i++)
        a.ops[i] = action(w, &a, "OpaqueAction", net->ops[i].name, 0);
    calls(w, &a);
    xmlNodePtr out = param(w, &a, "output", "return");
    flows(w, &a, in, out);
    tags(w, &a, apply(w, "NN", "base_Activity", id, "NN"), &net->head, id, NULL);
    net_comments(w, &a);
    for (size_t i = 0; i < net->nlayers + net->nops; i++) {
        int op = i >= net->nlayers;
        const struct nn_elem *e = op ? &net->ops[i - net->nlayers] : &net->layers[i];
        const char *eid = nn_xmi_attr(op ? a.ops[i - net->nlayers] : a.layers[i], NN_XMI_XMI_URI, "id");
        xmlNodePtr s = apply(w, op ? "TensorOp" : nn_xmi_class_name(e->kind), "base_Action", eid, "st");
        if (op)
            nn_xmi_set(s, NULL, "type", "%s", nn_kind_name(e->kind));
        tags(w, &a, s, e, eid, NULL);
    }
    if (net == &w->m->net) {
        block(w, &a, net->config, "Configuration");
        block(w, &a, net->training, "TrainingDataset");
        block(w, &a, net->test, "TestDataset");
        for (size_t i = 0; i < net->nsubnets; i++) {
            char sid[512];
            snprintf(sid, sizeof sid, "%s.%s", id, net->subnets[i].head.name);
            build(w, a.node, "ownedBehavior", &net->subnets[i], sid);
        }
    }
    free(a.layers), free(a.ops), free(a.calls);
    return a.node;
}

xmlNodePtr nn_xmi_uml_add_network(const struct nn_model *m, xmlNodePtr parent,
                                  const char *feature, struct nn_diag_sink *d)
{
    xmlNodePtr root = xmlDocGetRootElement(parent->doc);
    struct uw w = {m, root, nn_xmi_uml_ns(root, NN_XMI_XMI_URI, "xmi"),
                   nn_xmi_uml_ns(root, NN_UML_PROFILE_URI, NN_UML_PROFILE_PREFIX), d, 0, ""};
    nn_xmi_uml_net_id(m->net.head.name, w.root_id, sizeof w.root_id);
    xmlNodePtr act = build(&w, parent, feature, &m->net, w.root_id);
    return w.errors ? NULL : act;
}

void nn_xmi_uml_apply_profile(xmlNodePtr package, const char *id)
{
    xmlNodePtr root = xmlDocGetRootElement(package->doc);
    xmlNsPtr xmi = nn_xmi_uml_ns(root, NN_XMI_XMI_URI, "xmi");
    xmlNsPtr xsi = nn_xmi_uml_ns(root, NN_XMI_XSI_URI, "xsi");
    nn_xmi_uml_ns(root, NN_XMI_ECORE_URI, "ecore");
    xmlNodePtr pa = nn_xmi_el(package, NULL, "profileApplication");
    nn_xmi_set(pa, xmi, "id", "%s", id);
    xmlNodePtr ann = nn_xmi_el(pa, NULL, "eAnnotations");
    nn_xmi_set(ann, xmi, "id", "%s.annotation", id);
    nn_xmi_set(ann, NULL, "source", NN_UML_ANN_SOURCE);
    xmlNodePtr r = nn_xmi_el(ann, NULL, "references");
    nn_xmi_set(r, xmi, "type", "ecore:EPackage");
    nn_xmi_set(r, NULL, "href", NN_UML_PROFILE_FILE "#" NN_UML_PROFILE_DEF);
    xmlNodePtr ap = nn_xmi_el(pa, NULL, "appliedProfile");
    nn_xmi_set(ap, NULL, "href", NN_UML_PROFILE_FILE "#" NN_UML_PROFILE_ID);
    const char *loc = nn_xmi_attr(root, NN_XMI_XSI_URI, "schemaLocation");
    const char *mine = NN_UML_PROFILE_URI " " NN_UML_PROFILE_FILE "#" NN_UML_PROFILE_DEF;
    if (loc)
        nn_xmi_set(root, xsi, "schemaLocation", "%s %s", loc, mine);
    else
        nn_xmi_set(root, xsi, "schemaLocation", "%s", mine);
}

int nn_xmi_write_uml(const struct nn_model *m, FILE *out, struct nn_diag_sink *d)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"XMI", NULL);
    xmlDocSetRootElement(doc, root);
    xmlNsPtr xmi = xmlNewNs(root, (const xmlChar *)NN_XMI_XMI_URI, (const xmlChar *)"xmi");
    xmlSetNs(root, xmi);
    nn_xmi_set(root, xmi, "version", "20131001");
    xmlNewNs(root, (const xmlChar *)NN_XMI_XSI_URI, (const xmlChar *)"xsi");
    xmlNewNs(root, (const xmlChar *)NN_UML_PROFILE_URI, (const xmlChar *)NN_UML_PROFILE_PREFIX);
    xmlNewNs(root, (const xmlChar *)NN_XMI_ECORE_URI, (const xmlChar *)"ecore");
    xmlNsPtr uml = xmlNewNs(root, (const xmlChar *)NN_UML_URI, (const xmlChar *)"uml");
    xmlNodePtr model = nn_xmi_el(root, uml, "Model");
    char id[256];
    nn_xmi_uml_net_id(m->net.head.name, id, sizeof id);
    nn_xmi_set(model, xmi, "id", "%s-model", id);
    nn_xmi_set(model, NULL, "name", "%s", m->net.head.name);
    int errors = nn_xmi_uml_add_network(m, model, "packagedElement", d) ? 0 : 1;
    snprintf(id + strlen(id), sizeof id - strlen(id), "-profileApplication");
    nn_xmi_uml_apply_profile(model, id);
    if (!errors && nn_xmi_save(doc, out) != 0) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "cannot write the UML model");
        errors = 1;
    }
    xmlFreeDoc(doc);
    return errors;
}
