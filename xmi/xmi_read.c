/* xmi_read.c - BESSER-NN XMI -> pivot (see xmi.h and doc/xmi.md).
 *
 * Two passes over the tree: first every xmi:id into a table (duplicates are
 * errors), then the model, resolving each reference to the name of what it
 * denotes (a reference to the enclosing network is its input).  Every
 * problem is reported at the element or attribute that holds it.
 */
#include "xmi/xmi.h"

#include <stdlib.h>
#include <string.h>

#include "metamodel/symtab.h"
#include "xmi/meta.h"
#include "xmi/value.h"
#include "xmi/xml_load.h"

struct rd {
    struct nn_xmi_doc *x;
    struct nn_model *m;
    struct nn_symtab *ids;       /* xmi:id -> index into nodes */
    xmlNode **nodes;
    size_t nnodes, cap;
    xmlNode *root;               /* the root NN element */
};

enum target { T_NONE, T_ROOT, T_SUBNET, T_LAYER, T_OP, T_INPUT };

/* Element children only, skipping text, comments and xmi:Extension. */
static xmlNode *next_el(xmlNode *n)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE &&
            !(strcmp((const char *)n->name, "Extension") == 0 && nn_xmi_is_xmi_ns(nn_xmi_ns(n))))
            return n;
    return NULL;
}
#define FOR_EL(c, parent) for (xmlNode *c = next_el((parent)->children); c; c = next_el(c->next))

static int is_named(const xmlNode *n, const char *name)
{
    return !n->ns && strcmp((const char *)n->name, name) == 0;
}

/* Pass 1: every xmi:id of the subtree into the table. */
static void collect_ids(struct rd *r, xmlNode *n)
{
    const char *id = nn_xmi_attr(n, NN_XMI_XMI_URI, "id");
    if (!id)
        id = nn_xmi_attr(n, NN_XMI_XMI20_URI, "id");
    if (id) {
        if (r->nnodes == r->cap) {
            r->cap = r->cap ? 2 * r->cap : 64;
            r->nodes = nn_arena_grow(&r->m->arena, r->nodes, r->nnodes, r->cap, sizeof *r->nodes);
        }
        int dup = nn_symtab_put(&r->m->arena, r->ids, id, 0, r->nnodes);
        if (dup == 0)
            nn_xmi_error(r->x, n, "xmi:id", "xmi:id '%s' is used more than once", id);
        else if (r->nodes)
            r->nodes[r->nnodes++] = n;
    }
    FOR_EL(c, n)
        collect_ids(r, c);
}

static enum target classify(const struct rd *r, const xmlNode *n)
{
    if (n == r->root)
        return T_ROOT;
    const xmlNode *p = n->parent;
    int in_net = p && (p == r->root || (p->parent == r->root && is_named(p, "sub_nn")));
    if (!in_net)
        return T_NONE;
    if (is_named(n, "sub_nn"))
        return p == r->root ? T_SUBNET : T_NONE;
    if (is_named(n, "inputs"))
        return p == r->root ? T_INPUT : T_NONE;
    return is_named(n, "layers") ? T_LAYER : is_named(n, "tensor_ops") ? T_OP : T_NONE;
}

/* Resolve reference id, made by `at` inside network node net, to a module
 * name ("input" for the network itself when allowed); NULL after an error. */
static const char *resolve(struct rd *r, xmlNode *at, const char *qname, const char *id,
                           xmlNode *net, int allow_input)
{
    int tag;
    size_t i;
    if (!nn_symtab_get(r->ids, id, &tag, &i)) {
        nn_xmi_error(r->x, at, qname, "dangling reference: no element has xmi:id '%s'", id);
        return NULL;
    }
    xmlNode *t = r->nodes[i];
    const char *name = nn_xmi_attr(t, NULL, "name");
    if (t == net) {
        if (allow_input)
            return "input";
        nn_xmi_error(r->x, at, qname, "'%s' is the network itself, not one of its modules", id);
        return NULL;
    }
    enum target k = classify(r, t);
    int ok = (k == T_LAYER || k == T_OP || k == T_INPUT) ? t->parent == net : k == T_SUBNET;
    if (!ok || !name) {
        nn_xmi_error(r->x, at, qname, "'%s' is not a layer, tensor operation or sub-network "
                     "of this network", id);
        return NULL;
    }
    return name;
}

/* A location for a pivot value from an XML attribute or element. */
static struct nn_loc loc_of(struct rd *r, xmlNode *n, const char *qname)
{
    return nn_xmi_loc(r->x, n, qname);
}

/* Text content of a leaf element. */
static const char *leaf_text(xmlNode *n)
{
    return n->children && n->children->type == XML_TEXT_NODE && n->children->content
               ? (const char *)n->children->content
               : "";
}

/* Store v as attribute id of e, located at (n, qname). */
static void set_attr(struct rd *r, struct nn_elem *e, enum nn_attr_id id, struct nn_value v,
                     xmlNode *n, const char *qname)
{
    v.loc = loc_of(r, n, qname);
    struct nn_attr *a = nn_elem_set(r->m, e, id, v);
    if (a)
        a->key_loc = v.loc;
}

/* The attribute id an XML name denotes for kind k (with the free-name
 * companion "actv_func_name"); -1 when k has none. */
static int attr_for(enum nn_kind k, const char *key, int *free_name)
{
    size_t len = strlen(key);
    int a = nn_schema_attr_by_key(key, len);
    *free_name = 0;
    if (a < 0 && len > 5 && strcmp(key + len - 5, "_name") == 0) {
        a = nn_schema_attr_by_key(key, len - 5);
        if (a < 0 || !nn_xmi_attr_free_name((enum nn_attr_id)a))
            return -1;
        *free_name = 1;
    }
    return a >= 0 && nn_schema_field(k, (enum nn_attr_id)a) ? a : -1;
}

/* One XML attribute holding a scalar or a module reference. */
static void read_xml_attr(struct rd *r, xmlNode *n, struct nn_elem *e, const xmlAttr *xa,
                          xmlNode *net)
{
    const char *key = (const char *)xa->name;
    const char *text = xa->children && xa->children->content
                           ? (const char *)xa->children->content : "";
    int free_name, a = attr_for(e->kind, key, &free_name);
    enum nn_xmi_rep rep = a >= 0 ? nn_xmi_attr_rep((enum nn_attr_id)a) : NN_XMI_MANY;
    if (a < 0 || (rep != NN_XMI_SCALAR && rep != NN_XMI_REF)) {
        nn_xmi_error(r->x, n, key, "'%s' is not an attribute of %s", key,
                     nn_xmi_class_name(e->kind));
        return;
    }
    if (nn_elem_has(e, (enum nn_attr_id)a)) {
        nn_xmi_error(r->x, n, key, "'%s' is given twice", nn_attr_key((enum nn_attr_id)a));
        return;
    }
    struct nn_value v = {0};
    const char *want = NULL;
    if (rep == NN_XMI_REF) {
        const char *name = resolve(r, n, key, text, net, 1);
        if (!name)
            return;
        v.type = NN_V_STRING;
        v.s = nn_arena_strdup(&r->m->arena, name);
    } else if (free_name) {
        v.type = NN_V_STRING;
        v.s = nn_arena_strdup(&r->m->arena, text);
        if (!nn_xmi_is_dsl_string(text))
            want = "a string without quotes, backslashes or line breaks";
    } else {
        want = nn_xmi_value_parse(&r->m->arena, (enum nn_attr_id)a, text, &v);
    }
    if (want)
        nn_xmi_error(r->x, n, key, "'%s' must be %s, not '%s'", key, want, text);
    else
        set_attr(r, e, (enum nn_attr_id)a, v, n, key);
}

/* One tensor-list item: <layers_of_tensors module=".."/> or integer=/decimal=. */
static int read_arg(struct rd *r, xmlNode *c, struct nn_value *it, xmlNode *net)
{
    const char *mod = nn_xmi_attr(c, NULL, "module"), *in = nn_xmi_attr(c, NULL, "integer");
    const char *de = nn_xmi_attr(c, NULL, "decimal"), *bare = nn_xmi_attr(c, NULL, "bare");
    it->loc = loc_of(r, c, NULL);
    if ((mod != NULL) + (in != NULL) + (de != NULL) != 1) {
        nn_xmi_error(r->x, c, NULL, "a tensor argument has exactly one of module, integer "
                     "and decimal");
        return 0;
    }
    if (mod) {
        const char *name = resolve(r, c, "module", mod, net, 1);
        it->type = bare && strcmp(bare, "true") == 0 ? NN_V_NAME : NN_V_STRING;
        it->s = name ? nn_arena_strdup(&r->m->arena, name) : NULL;
        return name != NULL;
    }
    const char *want = nn_xmi_item_parse(&r->m->arena, in ? in : de, it);
    if (want || (in && it->type != NN_V_INT) || (de && it->type == NN_V_NAME)) {
        nn_xmi_error(r->x, c, in ? "integer" : "decimal", "'%s' is not %s", in ? in : de,
                     in ? "an integer" : "a decimal number");
        return 0;
    }
    if (de && it->type == NN_V_INT) {
        it->f = (double)it->i;
        it->type = NN_V_FLOAT;
    }
    return 1;
}

/* One list item from child element c of kind rep. */
static int read_item(struct rd *r, xmlNode *c, enum nn_attr_id a, enum nn_xmi_rep rep,
                     struct nn_value *it, xmlNode *net)
{
    if (rep == NN_XMI_ARGS)
        return read_arg(r, c, it, net);
    if (rep == NN_XMI_LABELS) {
        const char *col = nn_xmi_attr(c, NULL, "col"), *lab = nn_xmi_attr(c, NULL, "label");
        it->type = NN_V_LABEL;
        it->loc = loc_of(r, c, NULL);
        if (!col || !lab || !nn_xmi_is_dsl_string(col) || !nn_xmi_is_dsl_string(lab)) {
            nn_xmi_error(r->x, c, NULL, "a label needs col and label strings");
            return 0;
        }
        it->s = nn_arena_strdup(&r->m->arena, col);
        it->s2 = nn_arena_strdup(&r->m->arena, lab);
        return 1;
    }
    const char *want = nn_xmi_value_parse(&r->m->arena, a, leaf_text(c), it);
    it->loc = loc_of(r, c, NULL);
    if (want)
        nn_xmi_error(r->x, c, NULL, "an item of '%s' must be %s, not '%s'", nn_attr_key(a), want,
                     leaf_text(c));
    return want == NULL;
}

/* All children called like c (a many-valued feature) as one list value. */
static void read_list(struct rd *r, xmlNode *c, struct nn_elem *e, enum nn_attr_id a,
                      xmlNode *net)
{
    size_t n = 0, i = 0;
    int ok = 1;
    for (xmlNode *s = c; s; s = next_el(s->next))
        n += is_named(s, (const char *)c->name);
    struct nn_value v = {.type = NN_V_LIST, .n = n};
    v.items = nn_arena_alloc(&r->m->arena, n * sizeof *v.items + 1);
    if (!v.items)
        return;
    for (xmlNode *s = c; s; s = next_el(s->next))
        if (is_named(s, (const char *)c->name))
            ok &= read_item(r, s, a, nn_xmi_attr_rep(a), &v.items[i++], net);
    if (ok)
        set_attr(r, e, a, v, c, NULL);
}

/* A Comment's lead and trail into c. */
static void read_comment(struct rd *r, xmlNode *k, struct nn_comments *c)
{
    const char *lead = nn_xmi_attr(k, NULL, "lead"), *trail = nn_xmi_attr(k, NULL, "trail");
    if (lead && !nn_xmi_is_comment(lead, 0))
        nn_xmi_error(r->x, k, "lead", "a comment is lines that start with '#'");
    else if (trail && !nn_xmi_is_comment(trail, 1))
        nn_xmi_error(r->x, k, "trail", "a trailing comment is one line that starts with '#'");
    else {
        c->lead = lead ? nn_arena_strdup(&r->m->arena, lead) : NULL;
        c->trail = trail ? nn_arena_strdup(&r->m->arena, trail) : NULL;
    }
}

/* Where a Comment of element e (network net, or NULL) belongs. */
static struct nn_comments *comment_slot(struct rd *r, xmlNode *k, struct nn_elem *e,
                                        struct nn_network *net)
{
    static const char *const sections[NN_SEC_COUNT] = {
        "layers", "sub_nn", "tensor_ops", "modules", "config", "TrainingDataset", "TestDataset",
        "inputs"};
    const char *at = nn_xmi_attr(k, NULL, "at");
    if (!at)
        return &e->c;
    for (int s = 0; net && s < NN_SEC_COUNT; s++)
        if (strncmp(at, "section:", 8) == 0 && strcmp(at + 8, sections[s]) == 0)
            return &net->sec[s];
    char *end;
    if (net && strncmp(at, "modules[", 8) == 0) {
        unsigned long i = strtoul(at + 8, &end, 10);
        if (strcmp(end, "]") == 0 && i < net->nmodules)
            return &net->modules[i].c;
    }
    int a = nn_schema_attr_by_key(at, strlen(at));
    struct nn_attr *attr = NULL;
    for (size_t i = 0; a >= 0 && i < e->nattrs; i++)
        if (e->attrs[i].id == (enum nn_attr_id)a)
            attr = &e->attrs[i];
    if (attr)
        return &attr->c;
    if (!(net && strcmp(at, "end") == 0))
        nn_xmi_error(r->x, k, "at", "a comment at '%s': nothing of that name is here", at);
    return NULL;
}

/* The epilogue is stored as a plain string. */
static void read_comments(struct rd *r, xmlNode *n, struct nn_elem *e, struct nn_network *net)
{
    FOR_EL(k, n) {
        if (!is_named(k, "comments"))
            continue;
        struct nn_comments *c = comment_slot(r, k, e, net), end = {0};
        const char *at = nn_xmi_attr(k, NULL, "at");
        if (!c && net && at && strcmp(at, "end") == 0) {
            read_comment(r, k, &end);
            net->epilogue = end.lead;
        } else if (c) {
            read_comment(r, k, c);
        }
    }
}

/* <empty_lists>KEY</empty_lists>: a list attribute given as []. */
static void read_empty(struct rd *r, xmlNode *c, struct nn_elem *e)
{
    const char *key = leaf_text(c);
    int fn, a = attr_for(e->kind, key, &fn);
    if (a < 0 || fn || nn_xmi_attr_rep((enum nn_attr_id)a) == NN_XMI_SCALAR ||
        nn_xmi_attr_rep((enum nn_attr_id)a) == NN_XMI_REF || nn_elem_has(e, (enum nn_attr_id)a)) {
        nn_xmi_error(r->x, c, NULL, "'%s' is not an unset list attribute of %s", key,
                     nn_xmi_class_name(e->kind));
        return;
    }
    struct nn_value v = {.type = NN_V_LIST};
    set_attr(r, e, (enum nn_attr_id)a, v, c, NULL);
}

/* Structural XML attributes every element may carry. */
static int is_structural(const xmlAttr *a)
{
    if (!a->ns)
        return 0;
    const char *ns = (const char *)a->ns->href, *nm = (const char *)a->name;
    if (nn_xmi_is_xmi_ns(ns))
        return strcmp(nm, "id") == 0 || strcmp(nm, "type") == 0 || strcmp(nm, "version") == 0 ||
               strcmp(nm, "uuid") == 0;
    return strcmp(ns, NN_XMI_XSI_URI) == 0;
}

/* Attributes (skipping the names in skip) and feature children of an element.
 * Children the caller handles are listed in own; anything else is an error. */
static void read_fields(struct rd *r, xmlNode *n, struct nn_elem *e, xmlNode *net,
                        const char *const *skip, const char *const *own)
{
    unsigned char seen[NN_ATTR_COUNT] = {0};
    for (const xmlAttr *xa = n->properties; xa; xa = xa->next) {
        int skipped = is_structural(xa);
        for (int i = 0; skip && skip[i] && !skipped; i++)
            skipped = !xa->ns && strcmp((const char *)xa->name, skip[i]) == 0;
        if (!skipped)
            read_xml_attr(r, n, e, xa, net);
    }
    FOR_EL(c, n) {
        int mine = is_named(c, "comments");
        for (int i = 0; own && own[i] && !mine; i++)
            mine = is_named(c, own[i]);
        if (mine)
            continue;
        if (is_named(c, "empty_lists")) {
            read_empty(r, c, e);
            continue;
        }
        int fn, a = c->ns ? -1 : attr_for(e->kind, (const char *)c->name, &fn);
        enum nn_xmi_rep rep = a >= 0 ? nn_xmi_attr_rep((enum nn_attr_id)a) : NN_XMI_SCALAR;
        if (a < 0 || rep == NN_XMI_SCALAR || rep == NN_XMI_REF)
            nn_xmi_error(r->x, c, NULL, "<%s> is not a feature of %s", (const char *)c->name,
                         nn_xmi_class_name(e->kind));
        else if (!seen[a]++)
            read_list(r, c, e, (enum nn_attr_id)a, net);
    }
}

/* The name attribute of a layer, op or network: an identifier. */
static const char *read_name(struct rd *r, xmlNode *n, struct nn_loc *loc)
{
    const char *name = nn_xmi_attr(n, NULL, "name");
    *loc = loc_of(r, n, name ? "name" : NULL);
    if (!name) {
        nn_xmi_error(r->x, n, NULL, "<%s> has no name", (const char *)n->name);
        return NULL;
    }
    if (!nn_xmi_is_ident(name)) {
        nn_xmi_error(r->x, n, "name", "'%s' is not a name the DSL can write "
                     "(letters, digits and '_', not first a digit)", name);
        return NULL;
    }
    return nn_arena_strdup(&r->m->arena, name);
}

/* The layer kind of a <layers> element, from its xmi:type (or xsi:type). */
static int layer_kind(struct rd *r, xmlNode *n)
{
    const char *q = "xmi:type", *t = nn_xmi_attr(n, NN_XMI_XMI_URI, "type");
    if (!t)
        t = nn_xmi_attr(n, NN_XMI_XMI20_URI, "type");
    if (!t && (t = nn_xmi_attr(n, NN_XMI_XSI_URI, "type")))
        q = "xsi:type";
    if (!t) {
        nn_xmi_error(r->x, n, NULL, "a layer needs an xmi:type naming its kind");
        return -1;
    }
    const char *local, *ns = nn_xmi_qname_ns(n, t, &local);
    int k = ns && strcmp(ns, NN_XMI_NS_URI) == 0 ? nn_xmi_kind_by_class(local) : -1;
    if (k < 0 || !nn_kind_is_layer((enum nn_kind)k)) {
        nn_xmi_error(r->x, n, q, "unknown layer kind '%s'", t);
        return -1;
    }
    return k;
}

/* The kind of a <tensor_ops> element, from its type attribute. */
static int op_kind(struct rd *r, xmlNode *n)
{
    const char *t = nn_xmi_attr(n, NULL, "type");
    int k = t ? nn_schema_kind_by_name(t, strlen(t)) : -1;
    if (k < 0 || !nn_kind_is_op((enum nn_kind)k)) {
        if (t)
            nn_xmi_error(r->x, n, "type", "unknown tensor operation type '%s'", t);
        else
            nn_xmi_error(r->x, n, NULL, "a tensor operation needs a type");
        return -1;
    }
    return k;
}

/* A layer or tensor op of network net (XML node netn). */
static void read_elem(struct rd *r, xmlNode *n, struct nn_network *net, xmlNode *netn, int op)
{
    static const char *const skip_layer[] = {"name", NULL}, *const skip_op[] = {"name", "type", NULL};
    int k = op ? op_kind(r, n) : layer_kind(r, n);
    struct nn_loc loc;
    const char *name = read_name(r, n, &loc);
    if (k < 0 || !name)
        return;
    struct nn_elem *e = op ? nn_net_add_op(r->m, net) : nn_net_add_layer(r->m, net);
    if (!e)
        return;
    e->kind = (enum nn_kind)k;
    e->name = name;
    e->loc = loc;
    e->kind_loc = loc_of(r, n, op ? "type" : "xmi:type");
    read_fields(r, n, e, netn, op ? skip_op : skip_layer, NULL);
    read_comments(r, n, e, NULL);
}

/* A named input of the root network (nnc extension). */
static void read_input(struct rd *r, xmlNode *n, struct nn_network *net, xmlNode *netn)
{
    static const char *const skip[] = {"name", NULL};
    struct nn_loc loc;
    const char *name = read_name(r, n, &loc);
    struct nn_elem *e = name ? nn_net_add_input(r->m, net) : NULL;
    if (!e)
        return;
    e->name = name;
    e->loc = loc;
    e->kind_loc = loc;
    read_fields(r, n, e, netn, skip, NULL);
    read_comments(r, n, e, NULL);
}

/* The configuration or a dataset. */
static struct nn_elem *read_block(struct rd *r, xmlNode *n, enum nn_kind k, struct nn_elem *old)
{
    if (old) {
        nn_xmi_error(r->x, n, NULL, "<%s> is given twice", (const char *)n->name);
        return old;
    }
    struct nn_elem *e = nn_elem_new(r->m, k);
    if (!e)
        return NULL;
    e->loc = loc_of(r, n, NULL);
    e->kind_loc = e->loc;
    read_fields(r, n, e, r->root, NULL, NULL);
    read_comments(r, n, e, NULL);
    return e;
}

/* The modules attribute: the forward order, by id. */
static void read_modules(struct rd *r, xmlNode *n, struct nn_network *net)
{
    const char *ids = nn_xmi_attr(n, NULL, "modules");
    if (!ids)
        return;
    net->has_modules = 1;
    net->sec_loc[NN_SEC_MODULES] = loc_of(r, n, "modules");
    char id[512];
    for (const char *s = ids + strspn(ids, " \t\r\n"); *s; s += strspn(s, " \t\r\n")) {
        size_t len = strcspn(s, " \t\r\n");
        snprintf(id, sizeof id, "%.*s", (int)(len < sizeof id ? len : sizeof id - 1), s);
        s += len;
        const char *name = resolve(r, n, "modules", id, n, 0);
        struct nn_module *mod = name ? nn_net_add_module(r->m, net) : NULL;
        if (mod) {
            mod->name = nn_arena_strdup(&r->m->arena, name);
            mod->loc = net->sec_loc[NN_SEC_MODULES];
        }
    }
}

/* A network (the root or a sub-network) and everything inside it. */
static void read_net(struct rd *r, xmlNode *n, struct nn_network *net, int is_root)
{
    static const char *const skip[] = {"name", "modules", NULL};
    static const char *const own[] = {"layers", "sub_nn", "tensor_ops", "config",
                                      "TrainingDataset", "TestDataset", "inputs", NULL};
    net->head.name = read_name(r, n, &net->head.loc);
    read_modules(r, n, net);
    read_fields(r, n, &net->head, n, skip, own);
    FOR_EL(c, n) {
        if (is_named(c, "layers") || is_named(c, "tensor_ops"))
            read_elem(r, c, net, n, is_named(c, "tensor_ops"));
        else if (is_root && is_named(c, "inputs"))
            read_input(r, c, net, n);
        else if (!is_root && !is_named(c, "comments") && (is_named(c, "sub_nn") ||
                 is_named(c, "inputs") ||
                 is_named(c, "config") || is_named(c, "TrainingDataset") ||
                 is_named(c, "TestDataset")))
            nn_xmi_error(r->x, c, NULL, "<%s> belongs to the root network only",
                         (const char *)c->name);
        else if (is_named(c, "sub_nn")) {
            struct nn_network *s = nn_net_add_subnet(r->m, net);
            if (s)
                read_net(r, c, s, 0);
        } else if (is_named(c, "config"))
            net->config = read_block(r, c, NN_K_CONFIG, net->config);
        else if (is_named(c, "TrainingDataset"))
            net->training = read_block(r, c, NN_K_TRAINING_DATASET, net->training);
        else if (is_named(c, "TestDataset"))
            net->test = read_block(r, c, NN_K_TEST_DATASET, net->test);
    }
    read_comments(r, n, &net->head, net);
}

/* The root NN element (possibly inside an xmi:XMI wrapper), or NULL. */
static xmlNode *find_root(struct nn_xmi_doc *x)
{
    xmlNode *n = xmlDocGetRootElement(x->doc);
    for (xmlNs *ns = n->nsDef; ns; ns = ns->next)
        if (ns->prefix && strcmp((const char *)ns->prefix, "xmi") == 0 &&
            !nn_xmi_is_xmi_ns((const char *)ns->href)) {
            nn_xmi_error(x, n, NULL, "unsupported XMI namespace '%s' (expected %s)",
                         (const char *)ns->href, NN_XMI_XMI_URI);
            return NULL;
        }
    if (strcmp((const char *)n->name, "XMI") == 0 && nn_xmi_is_xmi_ns(nn_xmi_ns(n))) {
        xmlNode *c = next_el(n->children);
        if (!c || next_el(c->next)) {
            nn_xmi_error(x, n, NULL, "an xmi:XMI document must hold exactly one nn:NN");
            return NULL;
        }
        n = c;
    }
    if (strcmp((const char *)n->name, "NN") != 0 || strcmp(nn_xmi_ns(n), NN_XMI_NS_URI) != 0) {
        nn_xmi_error(x, n, NULL, "the root element is <%s> in namespace '%s'; a BESSER-NN "
                     "model is <nn:NN> in namespace '%s'", (const char *)n->name, nn_xmi_ns(n),
                     NN_XMI_NS_URI);
        return NULL;
    }
    return n;
}

int nn_xmi_read(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d)
{
    struct nn_xmi_doc x;
    int before = d->errors;
    if (nn_xmi_load(src, d, &x) != 0) {
        nn_xmi_unload(&x);
        return d->errors - before;
    }
    struct rd r = {&x, m, nn_symtab_new(&m->arena, 256), NULL, 0, 0, find_root(&x)};
    if (r.root && r.ids) {
        collect_ids(&r, xmlDocGetRootElement(x.doc));
        read_net(&r, r.root, &m->net, 1);
    }
    if (nn_arena_failed(&m->arena))
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
    nn_xmi_unload(&x);
    return d->errors - before;
}

int nn_xmi_detect(const struct nn_source *src)
{
    return nn_xmi_looks_like_xml(src);
}
