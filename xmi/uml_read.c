/* uml_read.c - UML model with BESSER_NN stereotypes -> pivot (see uml.h).
 *
 * Finds the network's Activity (the only one with «NN» that is not inside
 * another, or the behaviour a qualified name designates), reads each action's
 * stereotype application into a layer or tensor op, the forward order from
 * the chain of object flows, and DSL comments from stereotyped uml:Comments.
 */
#include "xmi/uml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metamodel/suggest.h"
#include "metamodel/symtab.h"
#include "xmi/meta.h"
#include "xmi/value.h"
#include "xmi/xml_load.h"

struct ur {
    struct nn_xmi_doc *x;
    struct nn_model *m;
    struct nn_symtab *ids;       /* xmi:id -> index into nodes */
    struct nn_symtab *apps;      /* base element id -> first index into nodes of its applications */
    xmlNode **nodes;
    size_t *next_app;            /* next application of the same base, by node index (0: none) */
    size_t nnodes, cap;
    xmlNode *root_act;
};

static xmlNode *next_el(xmlNode *n)
{
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    return n;
}
#define FOR_EL(c, parent) for (xmlNode *c = next_el((parent)->children); c; c = next_el(c->next))

static const char *id_of(const xmlNode *n)
{
    const char *id = nn_xmi_attr(n, NN_XMI_XMI_URI, "id");
    return id ? id : nn_xmi_attr(n, NN_XMI_XMI20_URI, "id");
}

/* Features whose type is implied when an element has no xmi:type. */
static const char *const implied[][2] = {
    {"ownedOperation", "Operation"}, {"ownedAttribute", "Property"},
    {"ownedParameter", "Parameter"}, {"ownedComment", "Comment"}, {"region", "Region"},
    {"inputValue", "InputPin"}, {"outputValue", "OutputPin"}, {"argument", "InputPin"},
    {"result", "OutputPin"}, {"ownedLiteral", "EnumerationLiteral"}};

const char *nn_xmi_uml_type(const xmlNode *n)
{
    if (!n)
        return "";
    const char *t = nn_xmi_attr(n, NN_XMI_XMI_URI, "type");
    if (!t)
        t = nn_xmi_attr(n, NN_XMI_XMI20_URI, "type");
    if (!t) {
        if (strcmp(nn_xmi_ns(n), NN_UML_URI) == 0)
            return (const char *)n->name;
        for (size_t i = 0; !n->ns && i < sizeof implied / sizeof *implied; i++)
            if (strcmp((const char *)n->name, implied[i][0]) == 0)
                return implied[i][1];
        return "";
    }
    const char *local, *ns = nn_xmi_qname_ns(n, t, &local);
    return ns && strcmp(ns, NN_UML_URI) == 0 ? local : "";
}
#define uml_type nn_xmi_uml_type

/* Element by xmi:id, or NULL. */
static xmlNode *by_id(const struct ur *r, const char *id)
{
    int tag;
    size_t i;
    return id && nn_symtab_get(r->ids, id, &tag, &i) ? r->nodes[i] : NULL;
}

/* Every xmi:id, and every stereotype application by its base element. */
static void collect(struct ur *r, xmlNode *n, int top)
{
    const char *id = id_of(n);
    if (id) {
        if (r->nnodes == r->cap) {
            r->cap = r->cap ? 2 * r->cap : 256;
            r->nodes = nn_arena_grow(&r->m->arena, r->nodes, r->nnodes, r->cap, sizeof *r->nodes);
            r->next_app = nn_arena_grow(&r->m->arena, r->next_app, r->nnodes, r->cap,
                                        sizeof *r->next_app);
        }
        if (!r->nodes || !r->next_app)
            return;
        if (nn_symtab_put(&r->m->arena, r->ids, id, 0, r->nnodes) == 0)
            nn_xmi_error(r->x, n, "xmi:id", "xmi:id '%s' is used more than once", id);
        r->next_app[r->nnodes] = 0;
        r->nodes[r->nnodes++] = n;
    }
    if (top && id && strcmp(nn_xmi_ns(n), NN_UML_PROFILE_URI) == 0)
        for (const xmlAttr *a = n->properties; a; a = a->next)
            if (!a->ns && strncmp((const char *)a->name, "base_", 5) == 0 && a->children) {
                const char *base = (const char *)a->children->content;
                int tag;
                size_t i;
                if (!nn_symtab_get(r->apps, base, &tag, &i)) {
                    nn_symtab_put(&r->m->arena, r->apps, base, 0, r->nnodes - 1);
                    continue;
                }
                while (r->next_app[i]) /* a few applications per element at most */
                    i = r->next_app[i] - 1;
                r->next_app[i] = r->nnodes;
            }
    FOR_EL(c, n)
        collect(r, c, n == xmlDocGetRootElement(n->doc));
}

/* The application of stereotype name (NULL: any BESSER_NN one but DslComment
 * and the Activity's blocks) on the element with id base, or NULL. */
static xmlNode *app_of(const struct ur *r, const char *base, const char *name)
{
    int tag;
    size_t i;
    if (!base || !nn_symtab_get(r->apps, base, &tag, &i))
        return NULL;
    for (size_t k = i + 1; k; k = r->next_app[k - 1]) {
        xmlNode *a = r->nodes[k - 1];
        if (name ? strcmp((const char *)a->name, name) == 0
                 : strcmp((const char *)a->name, "DslComment") != 0)
            return a;
    }
    return NULL;
}

/* Is a the application of a stereotype that comes beside an element's own:
 * DslComment, and on an activity its blocks? */
static int beside(const xmlNode *a, int activity)
{
    static const char *const extra[] = {"DslComment", "Configuration", "TrainingDataset",
                                        "TestDataset"};
    for (size_t i = 0; i < (activity ? 4u : 1u); i++)
        if (strcmp((const char *)a->name, extra[i]) == 0)
            return 1;
    return 0;
}

/* A BESSER_NN application on base other than first and those beside it, or
 * NULL: an element has one stereotype of its own. */
static xmlNode *other_app(const struct ur *r, const char *base, const xmlNode *first,
                          int activity)
{
    int tag;
    size_t i;
    if (!base || !nn_symtab_get(r->apps, base, &tag, &i))
        return NULL;
    for (size_t k = i + 1; k; k = r->next_app[k - 1]) {
        xmlNode *a = r->nodes[k - 1];
        if (a != first && !beside(a, activity))
            return a;
    }
    return NULL;
}

/* Report a second stereotype on the element n that first is applied to. */
static int second_app(struct ur *r, xmlNode *n, const xmlNode *first, int activity)
{
    xmlNode *o = other_app(r, id_of(n), first, activity);
    if (o)
        nn_xmi_error(r->x, o, NULL, "a second stereotype «%s» on '%s', which has «%s»",
                     (const char *)o->name, id_of(n), (const char *)first->name);
    return o != NULL;
}

/* Report an id in attribute attr of n (ids separated by spaces) that names
 * no element. */
static void check_idrefs(struct ur *r, xmlNode *n, const char *attr)
{
    const char *v = nn_xmi_attr(n, NULL, attr);
    for (const char *p = v; p && *p; p += strspn(p, " \t\r\n")) {
        size_t k = strcspn(p, " \t\r\n");
        char *id = k ? nn_arena_strndup(&r->m->arena, p, k) : NULL;
        if (id && !by_id(r, id)) {
            nn_xmi_error(r->x, n, attr, "'%s' names no element (no xmi:id '%s')", attr, id);
            return;
        }
        p += k;
    }
}

/* The references of a node and of its pins: each must name an element. */
static void check_node_refs(struct ur *r, xmlNode *n)
{
    check_idrefs(r, n, "parameter");
    check_idrefs(r, n, "incoming");
    check_idrefs(r, n, "outgoing");
    FOR_EL(c, n) {
        check_idrefs(r, c, "incoming");
        check_idrefs(r, c, "outgoing");
    }
}

/* The module name a node of activity act stands for ("input" for the input
 * parameter node), or NULL when it is none of act's modules. */
static const char *node_module(const struct ur *r, xmlNode *n, xmlNode *act)
{
    if (!n || n->parent != act)
        return NULL;
    const char *t = uml_type(n), *name = nn_xmi_attr(n, NULL, "name");
    if (strcmp(t, "ActivityParameterNode") == 0)
        return name && strcmp(name, "input") == 0 ? "input" : NULL;
    if (strcmp(t, "CallBehaviorAction") == 0) {
        xmlNode *b = by_id(r, nn_xmi_attr(n, NULL, "behavior"));
        return b ? nn_xmi_attr(b, NULL, "name") : NULL;
    }
    return strcmp(t, "OpaqueAction") == 0 ? name : NULL;
}

/* Store v as attribute a of e, located at (n, qname). */
static void set_attr(struct ur *r, struct nn_elem *e, enum nn_attr_id a, struct nn_value v,
                     xmlNode *n, const char *qname)
{
    v.loc = nn_xmi_loc(r->x, n, qname);
    struct nn_attr *at = nn_elem_set(r->m, e, a, v);
    if (at)
        at->key_loc = v.loc;
}

/* One tagged value given as an XML attribute. */
static void tag_attr(struct ur *r, xmlNode *s, const xmlAttr *xa, struct nn_elem *e, xmlNode *act)
{
    const char *key = (const char *)xa->name;
    const char *text = xa->children && xa->children->content ? (const char *)xa->children->content : "";
    size_t len = strlen(key);
    int fn = 0, a = nn_schema_attr_by_key(key, len);
    if (a < 0 && len > 5 && strcmp(key + len - 5, "_name") == 0) {
        a = nn_schema_attr_by_key(key, len - 5);
        fn = a >= 0 && nn_xmi_attr_free_name((enum nn_attr_id)a);
        a = fn ? a : -1;
    }
    enum nn_xmi_rep rep = a >= 0 ? nn_xmi_attr_rep((enum nn_attr_id)a) : NN_XMI_MANY;
    if (a < 0 || !nn_schema_field(e->kind, (enum nn_attr_id)a) ||
        (rep != NN_XMI_SCALAR && rep != NN_XMI_REF)) {
        nn_xmi_error(r->x, s, key, "'%s' is not a tagged value of «%s»", key, (const char *)s->name);
        return;
    }
    struct nn_value v = {.type = NN_V_STRING};
    const char *want = NULL;
    if (rep == NN_XMI_REF) {
        v.s = node_module(r, by_id(r, text), act);
        want = v.s ? NULL : "a reference to an action or the input of the same activity";
    } else if (fn) {
        v.s = nn_xmi_is_dsl_string(text) ? text : NULL;
        want = v.s ? NULL : "a string without quotes, backslashes or line breaks";
    } else {
        want = nn_xmi_value_parse(&r->m->arena, (enum nn_attr_id)a, text, &v);
    }
    if (want) {
        nn_xmi_error(r->x, s, key, "'%s' must be %s, not '%s'", key, want, text);
        return;
    }
    if (v.type == NN_V_STRING && (rep == NN_XMI_REF || fn))
        v.s = nn_arena_strdup(&r->m->arena, v.s);
    set_attr(r, e, (enum nn_attr_id)a, v, s, key);
}

/* (col="X", label="Y") into a label value. */
static int parse_label(struct nn_arena *ar, const char *t, struct nn_value *v)
{
    const char *c = strstr(t, "col=\""), *l = strstr(t, "label=\"");
    if (!c || !l || t[0] != '(' || t[strlen(t) - 1] != ')')
        return 0;
    c += 5;
    l += 7;
    size_t nc = strcspn(c, "\""), nl = strcspn(l, "\"");
    v->type = NN_V_LABEL;
    v->s = nn_arena_strndup(ar, c, nc);
    v->s2 = nn_arena_strndup(ar, l, nl);
    return c[nc] == '"' && l[nl] == '"';
}

/* A many-valued tagged value: all children called like c. */
static void tag_list(struct ur *r, xmlNode *s, xmlNode *c, struct nn_elem *e)
{
    const char *key = (const char *)c->name;
    int a = nn_schema_attr_by_key(key, strlen(key));
    enum nn_xmi_rep rep = a >= 0 ? nn_xmi_attr_rep((enum nn_attr_id)a) : NN_XMI_SCALAR;
    if (a < 0 || !nn_schema_field(e->kind, (enum nn_attr_id)a) || rep == NN_XMI_SCALAR ||
        rep == NN_XMI_REF) {
        nn_xmi_error(r->x, c, NULL, "<%s> is not a tagged value of «%s»", key, (const char *)s->name);
        return;
    }
    size_t n = 0, i = 0;
    for (xmlNode *k = c; k; k = next_el(k->next))
        n += strcmp((const char *)k->name, key) == 0;
    struct nn_value v = {.type = NN_V_LIST, .n = n};
    v.items = nn_arena_alloc(&r->m->arena, n * sizeof *v.items + 1);
    for (xmlNode *k = c; v.items && k; k = next_el(k->next)) {
        if (strcmp((const char *)k->name, key) != 0)
            continue;
        const char *t = k->children && k->children->content ? (const char *)k->children->content : "";
        struct nn_value *it = &v.items[i++];
        const char *want = rep == NN_XMI_ARGS ? nn_xmi_item_parse(&r->m->arena, t, it)
                           : rep == NN_XMI_LABELS ? (parse_label(&r->m->arena, t, it) ? NULL
                                                     : "(col=\"...\", label=\"...\")")
                           : nn_xmi_value_parse(&r->m->arena, (enum nn_attr_id)a, t, it);
        it->loc = nn_xmi_loc(r->x, k, NULL);
        if (want) {
            nn_xmi_error(r->x, k, NULL, "an item of '%s' must be %s, not '%s'", key, want, t);
            return;
        }
    }
    if (v.items)
        set_attr(r, e, (enum nn_attr_id)a, v, c, NULL);
}

/* <empty_lists>KEY</empty_lists>: a list attribute given as []. */
static void tag_empty(struct ur *r, xmlNode *s, xmlNode *c, struct nn_elem *e)
{
    const char *key = c->children && c->children->content ? (const char *)c->children->content : "";
    int a = nn_schema_attr_by_key(key, strlen(key));
    enum nn_xmi_rep rep = a >= 0 ? nn_xmi_attr_rep((enum nn_attr_id)a) : NN_XMI_SCALAR;
    if (a < 0 || !nn_schema_field(e->kind, (enum nn_attr_id)a) || rep == NN_XMI_SCALAR ||
        rep == NN_XMI_REF || nn_elem_has(e, (enum nn_attr_id)a)) {
        nn_xmi_error(r->x, c, NULL, "'%s' is not an unset list tagged value of «%s»", key,
                     (const char *)s->name);
        return;
    }
    set_attr(r, e, (enum nn_attr_id)a, (struct nn_value){.type = NN_V_LIST}, c, NULL);
}

/* Every tagged value of application s into e (skipping base_ and type=). */
static void tags(struct ur *r, xmlNode *s, struct nn_elem *e, xmlNode *act)
{
    for (const xmlAttr *xa = s->properties; xa; xa = xa->next) {
        const char *k = (const char *)xa->name;
        if (xa->ns || strncmp(k, "base_", 5) == 0 || (e->kind != NN_K_NETWORK &&
            nn_kind_is_op(e->kind) && strcmp(k, "type") == 0))
            continue;
        tag_attr(r, s, xa, e, act);
    }
    unsigned char seen[NN_ATTR_COUNT] = {0};
    FOR_EL(c, s) {
        if (strcmp((const char *)c->name, "empty_lists") == 0) {
            tag_empty(r, s, c, e);
            continue;
        }
        int a = nn_schema_attr_by_key((const char *)c->name, strlen((const char *)c->name));
        if (a < 0 || !seen[a]++)
            tag_list(r, s, c, e);
    }
}

/* A layer or tensor op from an OpaqueAction and its stereotype. */
static void read_action(struct ur *r, xmlNode *n, struct nn_network *net, xmlNode *act)
{
    const char *name = nn_xmi_attr(n, NULL, "name");
    xmlNode *s = app_of(r, id_of(n), NULL);
    if (!name || !nn_xmi_is_ident(name)) {
        nn_xmi_error(r->x, n, name ? "name" : NULL, "an action needs a name the DSL can write");
        return;
    }
    if (!s) {
        nn_xmi_error(r->x, n, "name", "action '%s' has no BESSER_NN stereotype", name);
        return;
    }
    if (second_app(r, n, s, 0))
        return;
    int op = strcmp((const char *)s->name, "TensorOp") == 0;
    const char *t = op ? nn_xmi_attr(s, NULL, "type") : NULL;
    int k = op ? (t ? nn_schema_kind_by_name(t, strlen(t)) : -1)
               : nn_xmi_kind_by_class((const char *)s->name);
    if (k < 0 || (op ? !nn_kind_is_op((enum nn_kind)k) : !nn_kind_is_layer((enum nn_kind)k))) {
        nn_xmi_error(r->x, s, op ? "type" : NULL, "unknown %s '%s'", op ? "tensor operation type"
                     : "layer kind", op ? (t ? t : "") : (const char *)s->name);
        return;
    }
    struct nn_elem *e = op ? nn_net_add_op(r->m, net) : nn_net_add_layer(r->m, net);
    if (!e)
        return;
    e->kind = (enum nn_kind)k;
    e->name = nn_arena_strdup(&r->m->arena, name);
    e->loc = nn_xmi_loc(r->x, n, "name");
    e->kind_loc = nn_xmi_loc(r->x, s, NULL);
    tags(r, s, e, act);
}

/* The owner of a flow end: a pin's action, or the node itself. */
static xmlNode *end_owner(xmlNode *n)
{
    const char *t = n ? uml_type(n) : "";
    return n && (strcmp(t, "InputPin") == 0 || strcmp(t, "OutputPin") == 0) ? n->parent : n;
}

/* The forward order: object flows from the input, through every module, to
 * the output; 0 after an error. */
static int read_flows(struct ur *r, xmlNode *act, struct nn_network *net)
{
    xmlNode *prev = NULL;
    FOR_EL(n, act)
        if (strcmp((const char *)n->name, "node") == 0 && node_module(r, n, act) &&
            strcmp(node_module(r, n, act), "input") == 0)
            prev = n;
    FOR_EL(e, act) {
        if (strcmp((const char *)e->name, "edge") != 0)
            continue;
        xmlNode *src = end_owner(by_id(r, nn_xmi_attr(e, NULL, "source")));
        xmlNode *dst = end_owner(by_id(r, nn_xmi_attr(e, NULL, "target")));
        if (!src || !dst || src != prev) {
            nn_xmi_error(r->x, e, NULL, "object flows must form one chain from the input "
                         "through the modules in forward order");
            return 0;
        }
        const char *name = node_module(r, dst, act);
        net->has_modules = 1;
        if (!name && strcmp(uml_type(dst), "ActivityParameterNode") == 0)
            return 1; /* the output */
        struct nn_module *mod = name ? nn_net_add_module(r->m, net) : NULL;
        if (!mod) {
            nn_xmi_error(r->x, e, "target", "a flow leads to something that is not a module");
            return 0;
        }
        mod->name = nn_arena_strdup(&r->m->arena, name);
        mod->loc = nn_xmi_loc(r->x, e, NULL);
        prev = dst;
    }
    return 1;
}

/* Report a call that no object flow reaches: it is in no forward order. */
static void check_calls_flow(struct ur *r, xmlNode *act, const struct nn_network *net)
{
    struct nn_symtab *used = nn_symtab_new(&r->m->arena, net->nmodules + 1);
    for (size_t i = 0; used && i < net->nmodules; i++)
        if (net->modules[i].name)
            nn_symtab_put(&r->m->arena, used, net->modules[i].name, 0, i);
    FOR_EL(n, act) {
        int tag;
        size_t i;
        const char *name = strcmp((const char *)n->name, "node") == 0 &&
                           strcmp(uml_type(n), "CallBehaviorAction") == 0
                               ? node_module(r, n, act) : NULL;
        if (used && name && !nn_symtab_get(used, name, &tag, &i))
            nn_xmi_error(r->x, n, "behavior", "the call of '%s' is on no object flow from the "
                         "input", name);
    }
}

/* Where a DSL comment on the activity itself belongs ("at" as in XMI). */
static struct nn_comments *net_slot(struct ur *r, struct nn_network *net, const char *at)
{
    static const char *const sections[NN_SEC_COUNT] = {
        "layers", "sub_nn", "tensor_ops", "modules", "config", "TrainingDataset", "TestDataset",
        "inputs"};
    static const char *const blocks[] = {"Configuration", "TrainingDataset", "TestDataset"};
    struct nn_elem *b[] = {net->config, net->training, net->test}, *e = &net->head;
    if (!at)
        return &net->head.c;
    for (int s = 0; s < NN_SEC_COUNT; s++)
        if (strncmp(at, "section:", 8) == 0 && strcmp(at + 8, sections[s]) == 0)
            return &net->sec[s];
    char *end;
    if (strncmp(at, "modules[", 8) == 0) {
        unsigned long i = strtoul(at + 8, &end, 10);
        return strcmp(end, "]") == 0 && i < net->nmodules ? &net->modules[i].c : NULL;
    }
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(blocks[i]);
        if (b[i] && strncmp(at, blocks[i], n) == 0 && (at[n] == '\0' || at[n] == '.')) {
            if (at[n] == '\0')
                return &b[i]->c;
            e = b[i];
            at += n + 1;
        }
    }
    int a = nn_schema_attr_by_key(at, strlen(at));
    for (size_t i = 0; a >= 0 && i < e->nattrs; i++)
        if (e->attrs[i].id == (enum nn_attr_id)a)
            return &e->attrs[i].c;
    (void)r;
    return NULL;
}

/* Where a comment annotating node n (an action of net, or the activity) belongs. */
static struct nn_comments *comment_slot(struct ur *r, struct nn_network *net, xmlNode *act,
                                        xmlNode *n, const char *at)
{
    if (n == act)
        return net_slot(r, net, at);
    size_t i;
    const char *name = n && n->parent == act ? nn_xmi_attr(n, NULL, "name") : NULL;
    enum nn_ref ref = name ? nn_net_lookup(&r->m->net, net, name, &i) : NN_REF_NONE;
    struct nn_elem *e = ref == NN_REF_LAYER ? &net->layers[i] : ref == NN_REF_OP ? &net->ops[i] : NULL;
    if (!e)
        return NULL;
    if (!at)
        return &e->c;
    int a = nn_schema_attr_by_key(at, strlen(at));
    for (size_t k = 0; a >= 0 && k < e->nattrs; k++)
        if (e->attrs[k].id == (enum nn_attr_id)a)
            return &e->attrs[k].c;
    return NULL;
}

/* DSL comments: stereotyped uml:Comments owned by the activity. */
static void read_comments(struct ur *r, xmlNode *act, struct nn_network *net)
{
    FOR_EL(k, act) {
        xmlNode *s = strcmp((const char *)k->name, "ownedComment") == 0 ? app_of(r, id_of(k), "DslComment") : NULL;
        if (!s)
            continue; /* a plain UML comment: not the DSL's */
        const char *at = nn_xmi_attr(s, NULL, "at"), *trail = nn_xmi_attr(s, NULL, "trail");
        const char *body = nn_xmi_attr(k, NULL, "body");
        xmlNode *target = by_id(r, nn_xmi_attr(k, NULL, "annotatedElement"));
        struct nn_comments *c = comment_slot(r, net, act, target, at), end = {0};
        int is_end = target == act && at && strcmp(at, "end") == 0;
        if ((!c && !is_end) || (body && !nn_xmi_is_comment(body, 0)) ||
            (trail && !nn_xmi_is_comment(trail, 1))) {
            nn_xmi_error(r->x, k, NULL, "a DSL comment must annotate an element of its network "
                         "and hold lines that start with '#'");
            continue;
        }
        c = c ? c : &end;
        c->lead = body ? nn_arena_strdup(&r->m->arena, body) : NULL;
        c->trail = trail ? nn_arena_strdup(&r->m->arena, trail) : NULL;
        if (is_end)
            net->epilogue = end.lead;
    }
}

/* The configuration or a dataset, from its stereotype on the root activity. */
static struct nn_elem *read_block(struct ur *r, xmlNode *act, const char *name, enum nn_kind k)
{
    xmlNode *s = app_of(r, id_of(act), name);
    struct nn_elem *e = s ? nn_elem_new(r->m, k) : NULL;
    if (e) {
        e->loc = e->kind_loc = nn_xmi_loc(r->x, s, NULL);
        tags(r, s, e, act);
    }
    return e;
}

/* One node of an activity: actions become layers and ops; calls and parameters are flow. */
static void read_node(struct ur *r, xmlNode *n, struct nn_network *net, xmlNode *act)
{
    const char *t = uml_type(n);
    check_node_refs(r, n);
    if (strcmp(t, "OpaqueAction") == 0)
        read_action(r, n, net, act);
    else if (strcmp(t, "CallBehaviorAction") == 0) {
        xmlNode *b = by_id(r, nn_xmi_attr(n, NULL, "behavior"));
        if (!b || b->parent != r->root_act || !app_of(r, id_of(b), "NN"))
            nn_xmi_error(r->x, n, "behavior", "a call must name a sub-network of the network");
    } else if (strcmp(t, "ActivityParameterNode") != 0)
        nn_xmi_error(r->x, n, NULL, "a %s has no meaning in a BESSER-NN network", *t ? t : "node");
}

/* A network's activity: name, «NN» tags, nodes, sub-networks, flows, comments. */
static void read_activity(struct ur *r, xmlNode *act, struct nn_network *net, int is_root)
{
    const char *name = nn_xmi_attr(act, NULL, "name");
    net->head.name = name && nn_xmi_is_ident(name) ? nn_arena_strdup(&r->m->arena, name) : NULL;
    net->head.loc = nn_xmi_loc(r->x, act, "name");
    if (!net->head.name)
        nn_xmi_error(r->x, act, NULL, "a network's activity needs a name the DSL can write");
    xmlNode *nn = app_of(r, id_of(act), "NN");
    if (nn)
        second_app(r, act, nn, 1);
    tags(r, nn, &net->head, act);
    if (is_root) {
        net->config = read_block(r, act, "Configuration", NN_K_CONFIG);
        net->training = read_block(r, act, "TrainingDataset", NN_K_TRAINING_DATASET);
        net->test = read_block(r, act, "TestDataset", NN_K_TEST_DATASET);
    }
    FOR_EL(n, act) {
        if (strcmp((const char *)n->name, "node") == 0)
            read_node(r, n, net, act);
        else if (strcmp((const char *)n->name, "ownedBehavior") == 0 && app_of(r, id_of(n), "NN")) {
            struct nn_network *s = is_root ? nn_net_add_subnet(r->m, net) : NULL;
            if (s)
                read_activity(r, n, s, 0);
            else
                nn_xmi_error(r->x, n, NULL, "sub-networks do not nest");
        }
    }
    if (read_flows(r, act, net))
        check_calls_flow(r, act, net);
    if (is_root)
        for (size_t i = 0; i < net->nsubnets; i++)
            nn_net_index(r->m, &net->subnets[i]);
    nn_net_index(r->m, net);
    read_comments(r, act, net);
}

/* The element called name among n's children, or inside one of its regions. */
static xmlNode *member(xmlNode *n, const char *name, size_t len)
{
    FOR_EL(c, n) {
        const char *cn = nn_xmi_attr(c, NULL, "name");
        if (cn && strlen(cn) == len && strncmp(cn, name, len) == 0)
            return c;
    }
    FOR_EL(c, n)
        if (strcmp((const char *)c->name, "region") == 0) {
            xmlNode *s = member(c, name, len);
            if (s)
                return s;
        }
    return NULL;
}

xmlNode *nn_xmi_uml_model(xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (strcmp(nn_xmi_ns(root), NN_UML_URI) == 0)
        return root;
    FOR_EL(c, root)
        if (strcmp(nn_xmi_ns(c), NN_UML_URI) == 0 &&
            (strcmp((const char *)c->name, "Model") == 0 || strcmp((const char *)c->name, "Package") == 0))
            return c;
    return NULL;
}

xmlNode *nn_xmi_uml_find(xmlNode *model, const char *qname)
{
    const char *s = qname, *name = nn_xmi_attr(model, NULL, "name");
    size_t len = strcspn(s, ":");
    if (name && strlen(name) == len && strncmp(s, name, len) == 0 && s[len] == ':')
        s += len + 2;
    xmlNode *cur = model;
    while (cur && *s) {
        const char *sep = strstr(s, "::");
        len = sep ? (size_t)(sep - s) : strlen(s);
        cur = member(cur, s, len);
        s += len + (sep ? 2 : 0);
    }
    return cur == model ? NULL : cur;
}

/* The qualified name of n under model ("Model::Class::op"; regions are
 * passed through, as nn_xmi_uml_find does); malloc'd, NULL when out of memory. */
static char *qualified_name(const xmlNode *model, const xmlNode *n)
{
    size_t len = 0;
    for (const xmlNode *p = n; p; p = p == model ? NULL : p->parent) {
        const char *name = nn_xmi_attr(p, NULL, "name");
        if (name && strcmp((const char *)p->name, "region") != 0)
            len += strlen(name) + 2;
    }
    len = len ? len - 2 : 0; /* no "::" before the first name */
    char *q = malloc(len + 1), *end = q ? q + len : NULL;
    if (!q)
        return NULL;
    *end = '\0';
    for (const xmlNode *p = n; p; p = p == model ? NULL : p->parent) {
        const char *name = nn_xmi_attr(p, NULL, "name");
        if (!name || strcmp((const char *)p->name, "region") == 0)
            continue;
        size_t k = strlen(name);
        end -= k;
        memcpy(end, name, k);
        if (end > q)
            memcpy(end -= 2, "::", 2);
    }
    return q;
}

/* The element after n in document order under top (no recursion), or NULL. */
static const xmlNode *next_in(const xmlNode *top, const xmlNode *n)
{
    if (n->children)
        return n->children;
    while (n != top && !n->next)
        n = n->parent;
    return n == top ? NULL : n->next;
}

/* Append the qualified names of model's operations and states to *names. */
static size_t behaviors(xmlNode *model, char ***names)
{
    size_t n = 0, cap = 0;
    for (const xmlNode *c = model->children; c; c = next_in(model, c)) {
        const char *type = c->type == XML_ELEMENT_NODE ? nn_xmi_uml_type(c) : "";
        if (strcmp(type, "Operation") != 0 && strcmp(type, "State") != 0)
            continue;
        if (n == cap) {
            char **grown = cap < SIZE_MAX / 2 / sizeof *grown
                               ? realloc(*names, (cap = cap ? 2 * cap : 16) * sizeof *grown) : NULL;
            if (!grown)
                break;
            *names = grown;
        }
        if (((*names)[n] = qualified_name(model, c)) != NULL)
            n++;
    }
    return n;
}

char *nn_xmi_uml_behavior_hint(xmlNode *model, const char *qname)
{
    char **names = NULL;
    size_t n = behaviors(model, &names), best[3], k;
    k = nn_suggest(qname, (const char *const *)names, n, best, 3);
    char *hint = NULL;
    size_t len = 0;
    FILE *f = k ? open_memstream(&hint, &len) : NULL;
    for (size_t i = 0; f && i < k; i++)
        fprintf(f, "%s'%s'", i == 0 ? "; did you mean " : i + 1 == k ? " or " : ", ",
                names[best[i]]);
    if (f) {
        fputc('?', f);
        fclose(f);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return hint;
}

/* The network activity implementing the behaviour named qname, or NULL. */
static xmlNode *behavior_activity(struct ur *r, xmlNode *model, const char *qname)
{
    xmlNode *t = nn_xmi_uml_find(model, qname);
    const char *type = t ? uml_type(t) : "";
    if (!t) {
        char *hint = nn_xmi_uml_behavior_hint(model, qname);
        nn_xmi_error(r->x, model, NULL, "no element is called '%s'%s", qname, hint ? hint : "");
        free(hint);
        return NULL;
    }
    if (strcmp(type, "Activity") == 0 && app_of(r, id_of(t), "NN"))
        return t;
    const char *methods = strcmp(type, "Operation") == 0 ? nn_xmi_attr(t, NULL, "method") : NULL;
    char id[512];
    for (const char *s = methods; s && *s; s += strspn(s, " ")) {
        size_t n = strcspn(s, " ");
        snprintf(id, sizeof id, "%.*s", (int)(n < sizeof id ? n : sizeof id - 1), s);
        s += n;
        xmlNode *a = by_id(r, id);
        if (a && app_of(r, id, "NN"))
            return a;
    }
    FOR_EL(c, t)
        if (strcmp((const char *)c->name, "doActivity") == 0 && app_of(r, id_of(c), "NN"))
            return c;
    nn_xmi_error(r->x, t, NULL, "'%s' is not implemented by a BESSER-NN network", qname);
    return NULL;
}

/* The only «NN» activity not inside another one. */
static xmlNode *only_network(struct ur *r, xmlNode *model)
{
    xmlNode *found = NULL;
    int count = 0;
    for (size_t i = 0; i < r->nnodes; i++) {
        xmlNode *n = r->nodes[i];
        if (strcmp(uml_type(n), "Activity") == 0 && app_of(r, id_of(n), "NN") &&
            !(n->parent && app_of(r, id_of(n->parent), "NN")) && count++ == 0)
            found = n;
    }
    if (count == 1)
        return found;
    nn_xmi_error(r->x, model, NULL, count ? "this model holds %d BESSER-NN networks: name one "
                 "with --behavior" : "this model holds no BESSER-NN network (an Activity with "
                 "«NN»)%.0d", count);
    return NULL;
}

int nn_xmi_read_uml(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                    const char *behavior)
{
    struct nn_xmi_doc x;
    int before = d->errors;
    if (nn_xmi_load(src, d, &x) != 0) {
        nn_xmi_unload(&x);
        return d->errors - before;
    }
    struct ur r = {&x, m, nn_symtab_new(&m->arena, 1024), nn_symtab_new(&m->arena, 256),
                   NULL, NULL, 0, 0, NULL};
    xmlNode *model = nn_xmi_uml_model(x.doc);
    if (!model)
        nn_xmi_error(&x, xmlDocGetRootElement(x.doc), NULL, "no uml:Model in this document");
    else if (r.ids && r.apps) {
        collect(&r, xmlDocGetRootElement(x.doc), 0);
        r.root_act = behavior ? behavior_activity(&r, model, behavior) : only_network(&r, model);
        if (r.root_act && d->errors == before)
            read_activity(&r, r.root_act, &m->net, 1);
    }
    if (nn_arena_failed(&m->arena))
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
    nn_xmi_unload(&x);
    return d->errors - before;
}

int nn_xmi_detect_uml(const struct nn_source *src)
{
    static const char uri[] = "http://www.eclipse.org/uml2/";
    size_t k = sizeof uri - 1;
    if (!nn_xmi_looks_like_xml(src))
        return 0;
    for (const char *p = src->text; (p = strchr(p, 'h')) && (size_t)(p - src->text) + k <= src->len; p++)
        if (strncmp(p, uri, k) == 0)
            return 1;
    return 0;
}
