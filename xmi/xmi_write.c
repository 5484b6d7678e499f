/* xmi_write.c - pivot -> BESSER-NN XMI (see xmi.h and doc/xmi.md). */
#include "xmi/xmi.h"

#include <string.h>

#include "xmi/meta.h"
#include "xmi/value.h"
#include "xmi/xml_out.h"

struct wr {
    xmlNsPtr xmi, nn;
    const struct nn_network *root;
    struct nn_diag_sink *d;
    int errors;
};

/* The xmi:id of module `name` as seen from network n (whose id is net_id). */
static void module_id(struct wr *w, const struct nn_network *n, const char *net_id,
                      const char *name, char *out, size_t size)
{
    size_t idx;
    if (n == w->root && nn_net_input_named(n, name) >= 0) { /* a named input */
        snprintf(out, size, "%s.%s", net_id, name);
        return;
    }
    if (strcmp(name, "input") == 0) {
        snprintf(out, size, "%s", net_id);
        return;
    }
    switch (nn_net_lookup(w->root, n, name, &idx)) {
    case NN_REF_LAYER:
    case NN_REF_OP: snprintf(out, size, "%s.%s", net_id, name); return;
    case NN_REF_SUBNET: snprintf(out, size, "nn.%s", name); return;
    case NN_REF_NONE: break;
    }
    nn_diag(w->d, nn_loc_make(NULL, 0, 0), NN_ERROR, "XMI: '%s' names no module", name);
    w->errors++;
    snprintf(out, size, "%s", net_id);
}

/* A Comment child when c holds anything; *count numbers them per owner. */
static void add_comment(struct wr *w, xmlNodePtr n, const char *owner, int *count,
                        const char *at, const struct nn_comments *c)
{
    if (!c->lead && !c->trail)
        return;
    xmlNodePtr k = nn_xmi_el(n, NULL, "comments");
    nn_xmi_set(k, w->xmi, "id", "%s-c%d", owner, (*count)++);
    if (at)
        nn_xmi_set(k, NULL, "at", "%s", at);
    if (c->lead)
        nn_xmi_set(k, NULL, "lead", "%s", c->lead);
    if (c->trail)
        nn_xmi_set(k, NULL, "trail", "%s", c->trail);
}

/* A tensor-list item: a module reference or a number. */
static void write_arg(struct wr *w, xmlNodePtr n, const struct nn_value *v, const char *key,
                      const char *owner, size_t i, const struct nn_network *net,
                      const char *net_id)
{
    char buf[512];
    xmlNodePtr k = nn_xmi_el(n, NULL, key);
    nn_xmi_set(k, w->xmi, "id", "%s-a%zu", owner, i);
    if (v->type == NN_V_STRING || v->type == NN_V_NAME) {
        module_id(w, net, net_id, v->s, buf, sizeof buf);
        nn_xmi_set(k, NULL, "module", "%s", buf);
        if (v->type == NN_V_NAME)
            nn_xmi_set(k, NULL, "bare", "true");
    } else {
        nn_xmi_set(k, NULL, v->type == NN_V_INT ? "integer" : "decimal", "%s",
                   nn_xmi_value_text(v, buf, sizeof buf));
    }
}

/* One attribute in its representation (meta.h). */
static void write_attr(struct wr *w, xmlNodePtr n, const struct nn_attr *a, const char *owner,
                       const struct nn_network *net, const char *net_id)
{
    const char *key = nn_attr_key(a->id);
    char buf[512];
    switch (nn_xmi_attr_rep(a->id)) {
    case NN_XMI_SCALAR:
        if (a->v.type == NN_V_STRING && nn_xmi_attr_free_name(a->id)) {
            snprintf(buf, sizeof buf, "%s_name", key);
            nn_xmi_set(n, NULL, buf, "%s", a->v.s);
            return;
        }
        nn_xmi_set(n, NULL, key, "%s", nn_xmi_value_text(&a->v, buf, sizeof buf));
        return;
    case NN_XMI_MANY:
        for (size_t i = 0; i < a->v.n; i++)
            nn_xmi_text_el(n, key, nn_xmi_value_text(&a->v.items[i], buf, sizeof buf));
        return;
    case NN_XMI_REF:
        module_id(w, net, net_id, a->v.s, buf, sizeof buf);
        nn_xmi_set(n, NULL, key, "%s", buf);
        return;
    case NN_XMI_ARGS:
        for (size_t i = 0; i < a->v.n; i++)
            write_arg(w, n, &a->v.items[i], key, owner, i, net, net_id);
        return;
    case NN_XMI_LABELS:
        for (size_t i = 0; i < a->v.n; i++) {
            xmlNodePtr k = nn_xmi_el(n, NULL, key);
            nn_xmi_set(k, w->xmi, "id", "%s-l%zu", owner, i);
            nn_xmi_set(k, NULL, "col", "%s", a->v.items[i].s);
            nn_xmi_set(k, NULL, "label", "%s", a->v.items[i].s2);
        }
        return;
    }
}

/* An element's comments, then its attributes in the schema's order. */
static void write_fields(struct wr *w, xmlNodePtr n, const struct nn_elem *e, const char *id,
                         const struct nn_network *net, const char *net_id, int *count)
{
    add_comment(w, n, id, count, NULL, &e->c);
    size_t nf;
    const struct nn_field *f = nn_schema_kind_fields(e->kind, &nf);
    for (size_t i = 0; i < nf; i++) {
        const struct nn_attr *a = nn_elem_attr(e, f[i].attr);
        if (a)
            add_comment(w, n, id, count, nn_attr_key(a->id), &a->c);
    }
    for (size_t i = 0; i < nf; i++) {
        const struct nn_attr *a = nn_elem_attr(e, f[i].attr);
        if (a && a->v.type == NN_V_LIST && a->v.n == 0) /* given as [] */
            nn_xmi_text_el(n, "empty_lists", nn_attr_key(a->id));
        else if (a)
            write_attr(w, n, a, id, net, net_id);
    }
}

/* A layer (<layers xmi:type="nn:Conv2D">) or a tensor op (<tensor_ops type=..>). */
static void write_elem(struct wr *w, xmlNodePtr parent, const struct nn_elem *e,
                       const struct nn_network *net, const char *net_id)
{
    int op = nn_kind_is_op(e->kind), count = 0;
    char id[512];
    snprintf(id, sizeof id, "%s.%s", net_id, e->name);
    xmlNodePtr n = nn_xmi_el(parent, NULL, op ? "tensor_ops" : "layers");
    if (!op)
        nn_xmi_set(n, w->xmi, "type", "%s:%s", NN_XMI_NS_PREFIX, nn_xmi_class_name(e->kind));
    nn_xmi_set(n, w->xmi, "id", "%s", id);
    nn_xmi_set(n, NULL, "name", "%s", e->name);
    if (op)
        nn_xmi_set(n, NULL, "type", "%s", nn_kind_name(e->kind));
    write_fields(w, n, e, id, net, net_id, &count);
}

/* A named input of the root (nnc extension): <inputs name=... xmi:id=...>
 * with its input_shape, referred to like a module. */
static void write_input(struct wr *w, xmlNodePtr parent, const struct nn_elem *e,
                        const struct nn_network *net, const char *net_id)
{
    int count = 0;
    char id[512];
    snprintf(id, sizeof id, "%s.%s", net_id, e->name);
    xmlNodePtr n = nn_xmi_el(parent, NULL, "inputs");
    nn_xmi_set(n, w->xmi, "id", "%s", id);
    nn_xmi_set(n, NULL, "name", "%s", e->name);
    write_fields(w, n, e, id, net, net_id, &count);
}

/* The configuration or a dataset, as a contained object named by its section. */
static void write_block(struct wr *w, xmlNodePtr parent, const struct nn_elem *e,
                        const char *feature, const struct nn_network *net)
{
    if (!e)
        return;
    int count = 0;
    char id[64];
    snprintf(id, sizeof id, "nn.%s", feature);
    xmlNodePtr n = nn_xmi_el(parent, NULL, feature);
    nn_xmi_set(n, w->xmi, "id", "%s", id);
    write_fields(w, n, e, id, net, "nn", &count);
}

static const char *const section_names[NN_SEC_COUNT] = {
    "layers", "sub_nn", "tensor_ops", "modules", "config", "TrainingDataset", "TestDataset",
    "inputs"};

/* Comments on section keywords, module entries and after the last item. */
static void write_net_comments(struct wr *w, xmlNodePtr n, const struct nn_network *net,
                               const char *id, int *count)
{
    char at[64];
    for (int s = 0; s < NN_SEC_COUNT; s++) {
        snprintf(at, sizeof at, "section:%s", section_names[s]);
        add_comment(w, n, id, count, at, &net->sec[s]);
    }
    for (size_t i = 0; i < net->nmodules; i++) {
        snprintf(at, sizeof at, "modules[%zu]", i);
        add_comment(w, n, id, count, at, &net->modules[i].c);
    }
    struct nn_comments end = {net->epilogue, NULL};
    add_comment(w, n, id, count, "end", &end);
}

/* The modules reference list: the forward order, by id. */
static void write_modules(struct wr *w, xmlNodePtr n, const struct nn_network *net,
                          const char *id)
{
    if (!net->nmodules)
        return;
    xmlBufferPtr b = xmlBufferCreate();
    char ref[512];
    for (size_t i = 0; i < net->nmodules; i++) {
        module_id(w, net, id, net->modules[i].name, ref, sizeof ref);
        if (i)
            xmlBufferCCat(b, " ");
        xmlBufferCCat(b, ref);
    }
    xmlSetProp(n, (const xmlChar *)"modules", xmlBufferContent(b));
    xmlBufferFree(b);
}

/* A network: its own attributes and comments, then layers, sub-networks, ops. */
static void write_net(struct wr *w, xmlNodePtr n, const struct nn_network *net, const char *id)
{
    int count = 0;
    nn_xmi_set(n, w->xmi, "id", "%s", id);
    nn_xmi_set(n, NULL, "name", "%s", net->head.name);
    write_modules(w, n, net, id);
    write_fields(w, n, &net->head, id, net, id, &count);
    write_net_comments(w, n, net, id, &count);
    for (size_t i = 0; i < net->ninputs; i++)
        write_input(w, n, &net->inputs[i], net, id);
    for (size_t i = 0; i < net->nlayers; i++)
        write_elem(w, n, &net->layers[i], net, id);
    for (size_t i = 0; i < net->nsubnets; i++) {
        char sid[512];
        snprintf(sid, sizeof sid, "nn.%s", net->subnets[i].head.name);
        write_net(w, nn_xmi_el(n, NULL, "sub_nn"), &net->subnets[i], sid);
    }
    for (size_t i = 0; i < net->nops; i++)
        write_elem(w, n, &net->ops[i], net, id);
}

int nn_xmi_write(const struct nn_model *m, FILE *out, struct nn_diag_sink *d)
{
    struct wr w = {NULL, NULL, &m->net, d, 0};
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"NN", NULL);
    xmlDocSetRootElement(doc, root);
    w.xmi = xmlNewNs(root, (const xmlChar *)NN_XMI_XMI_URI, (const xmlChar *)"xmi");
    w.nn = xmlNewNs(root, (const xmlChar *)NN_XMI_NS_URI, (const xmlChar *)NN_XMI_NS_PREFIX);
    xmlSetNs(root, w.nn);
    nn_xmi_set(root, w.xmi, "version", "20131001");
    write_net(&w, root, &m->net, "nn");
    write_block(&w, root, m->net.config, "config", &m->net);
    write_block(&w, root, m->net.training, "TrainingDataset", &m->net);
    write_block(&w, root, m->net.test, "TestDataset", &m->net);
    if (w.errors == 0 && nn_xmi_save(doc, out) != 0) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "cannot write the XMI document");
        w.errors++;
    }
    xmlFreeDoc(doc);
    return w.errors;
}
