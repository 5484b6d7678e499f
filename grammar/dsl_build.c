/* dsl_build.c - parser actions (see dsl_build.h). */
#include "grammar/dsl_build.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "frameworks/spell.h"
#include "metamodel/suggest.h"
#include "metamodel/value.h"

static char *dup(struct nn_dsl_state *p, const char *s, size_t len)
{
    return nn_arena_strndup(&p->m->arena, s, len);
}

void nn_dsl_network_begin(struct nn_dsl_state *p, const char *name, size_t len,
                          struct nn_span at)
{
    p->m->net.head.name = dup(p, name, len);
    p->m->net.head.loc = nn_dsl_loc(p, at);
    p->cur = &p->m->net;
}

void nn_dsl_subnet_begin(struct nn_dsl_state *p, const char *name, size_t len,
                         struct nn_span at)
{
    struct nn_network *s = nn_net_add_subnet(p->m, &p->m->net);
    if (!s)
        return;
    s->head.name = dup(p, name, len);
    s->head.loc = nn_dsl_loc(p, at);
    p->cur = s;
}

void nn_dsl_subnet_end(struct nn_dsl_state *p)
{
    p->cur = &p->m->net;
}

void nn_dsl_section(struct nn_dsl_state *p, enum nn_section sec, struct nn_span at)
{
    p->cur->sec_loc[sec] = nn_dsl_loc(p, at);
    if (sec == NN_SEC_MODULES)
        p->cur->has_modules = 1;
}

/* Reverse the pairs list (the grammar builds it backwards). */
static struct nn_dsl_pair *in_order(struct nn_dsl_pair *l)
{
    struct nn_dsl_pair *r = NULL;
    while (l) {
        struct nn_dsl_pair *next = l->next;
        l->next = r;
        r = l;
        l = next;
    }
    return r;
}

/* Check one key=value against e's kind and store it. */
static void add_pair(struct nn_dsl_state *p, struct nn_elem *e, const struct nn_dsl_pair *kv)
{
    struct nn_loc kl = nn_dsl_loc(p, kv->key_span);
    int id = nn_schema_attr_by_key(kv->key, strlen(kv->key));
    if (id < 0 || !nn_schema_field(e->kind, (enum nn_attr_id)id)) {
        nn_diag(p->diag, kl, NN_ERROR, "'%s' is not an attribute of %s", kv->key,
                nn_kind_name(e->kind));
        return;
    }
    const struct nn_attr *old = nn_elem_attr(e, (enum nn_attr_id)id);
    if (old) {
        nn_diag(p->diag, kl, NN_ERROR, "repeated key '%s'", kv->key);
        nn_diag(p->diag, old->key_loc, NN_NOTE, "first given here");
        return;
    }
    struct nn_value v = kv->value;
    const char *want = nn_value_coerce((enum nn_attr_id)id, &v);
    if (want) {
        nn_diag(p->diag, v.loc, NN_ERROR, "'%s' expects %s", kv->key, want);
        return;
    }
    struct nn_attr *a = nn_elem_set(p->m, e, (enum nn_attr_id)id, v);
    if (a)
        a->key_loc = kl;
}

/* Store the pairs in an array sized for them plus the one size attribute
 * shape inference may fill in: grown by doubling from four, as the model
 * builders do, most layers' arrays were twice the memory they use. */
static void add_pairs(struct nn_dsl_state *p, struct nn_elem *e, struct nn_dsl_pair *pairs)
{
    size_t n = 1;
    for (const struct nn_dsl_pair *kv = pairs; kv; kv = kv->next)
        n++;
    if (!e->attrs) {
        e->attrs = nn_arena_alloc(&p->m->arena, n * sizeof *e->attrs);
        e->cap = e->attrs ? n : 0;
    }
    for (const struct nn_dsl_pair *kv = pairs; kv; kv = kv->next)
        add_pair(p, e, kv);
}

/* "unknown layer type 'Dense'; did you mean 'Linear'?": a framework's class
 * names its pivot kind, else the kinds of the class spelt closest. */
static void unknown_kind(struct nn_dsl_state *p, const struct nn_elem *e, enum nn_class cls,
                         const char *what, const char *name)
{
    const char *names[NN_KIND_COUNT];
    size_t n = 0, best[2], k = 0;
    int fw = nn_spell_pivot_kind(name);
    if (fw >= 0 && nn_kind_infos[fw].cls == cls) {
        names[0] = nn_kind_infos[fw].name;
        best[k++] = 0;
    } else {
        for (int i = 0; i < NN_KIND_COUNT; i++)
            if (nn_kind_infos[i].cls == cls)
                names[n++] = nn_kind_infos[i].name;
        k = nn_suggest(name, names, n, best, 2);
    }
    if (k == 0)
        nn_diag(p->diag, e->kind_loc, NN_ERROR, "unknown %s type '%s'", what, name);
    else
        nn_diag(p->diag, e->kind_loc, NN_ERROR, "unknown %s type '%s'; did you mean '%s'%s%s%s?",
                what, name, names[best[0]], k > 1 ? " or '" : "", k > 1 ? names[best[1]] : "",
                k > 1 ? "'" : "");
}

/* Find and remove the type=... pair; set e's kind from it.  0 on error. */
static int take_kind(struct nn_dsl_state *p, struct nn_elem *e, struct nn_dsl_pair **pairs,
                     enum nn_class cls, const char *what)
{
    struct nn_dsl_pair **link = pairs, *type = NULL;
    for (; *link; link = &(*link)->next)
        if (strcmp((*link)->key, "type") == 0) {
            type = *link;
            *link = type->next;
            break;
        }
    if (!type) {
        nn_diag(p->diag, e->loc, NN_ERROR, "%s '%s' has no type=", what, e->name);
        return 0;
    }
    for (struct nn_dsl_pair *kv = *pairs; kv; kv = kv->next)
        if (strcmp(kv->key, "type") == 0)
            nn_diag(p->diag, nn_dsl_loc(p, kv->key_span), NN_ERROR, "repeated key 'type'");
    e->kind_loc = type->value.loc;
    int k = -1;
    if (type->value.type == NN_V_NAME || type->value.type == NN_V_STRING)
        k = nn_schema_kind_by_name(type->value.s, strlen(type->value.s));
    if (k < 0 || nn_kind_infos[k].cls != cls) {
        unknown_kind(p, e, cls, what, type->value.s ? type->value.s : "?");
        return 0;
    }
    e->kind = (enum nn_kind)k;
    return 1;
}

void nn_dsl_layer(struct nn_dsl_state *p, const char *name, size_t len, struct nn_span at,
                  struct nn_dsl_pair *pairs)
{
    struct nn_elem *e = nn_net_add_layer(p->m, p->cur);
    if (!e)
        return;
    e->name = dup(p, name, len);
    e->loc = nn_dsl_loc(p, at);
    pairs = in_order(pairs);
    if (take_kind(p, e, &pairs, NN_CLASS_LAYER, "layer"))
        add_pairs(p, e, pairs);
    else
        p->cur->nlayers--; /* reported; keep the model consistent */
    nn_arena_reset(&p->scratch); /* the item's pairs are no longer needed */
}

void nn_dsl_input(struct nn_dsl_state *p, const char *name, size_t len, struct nn_span at,
                  struct nn_dsl_pair *pairs)
{
    struct nn_elem *e = nn_net_add_input(p->m, p->cur);
    if (!e)
        return;
    e->name = dup(p, name, len);
    e->loc = nn_dsl_loc(p, at);
    add_pairs(p, e, in_order(pairs));
    nn_arena_reset(&p->scratch);
}

void nn_dsl_op(struct nn_dsl_state *p, const char *key, size_t len, struct nn_span at,
               struct nn_value name, struct nn_dsl_pair *pairs)
{
    if (len != 4 || memcmp(key, "name", 4) != 0) {
        nn_diag(p->diag, nn_dsl_loc(p, at), NN_ERROR,
                "a tensor operation starts with '- name=NAME'");
        return;
    }
    if (name.type != NN_V_NAME) {
        nn_diag(p->diag, name.loc, NN_ERROR, "a tensor operation's name must be a bare name");
        return;
    }
    struct nn_elem *e = nn_net_add_op(p->m, p->cur);
    if (!e)
        return;
    e->name = name.s;
    e->loc = name.loc;
    pairs = in_order(pairs);
    if (take_kind(p, e, &pairs, NN_CLASS_TENSOROP, "tensor operation"))
        add_pairs(p, e, pairs);
    else
        p->cur->nops--;
    nn_arena_reset(&p->scratch);
}

void nn_dsl_module(struct nn_dsl_state *p, const char *name, size_t len, struct nn_span at)
{
    struct nn_module *mod = nn_net_add_module(p->m, p->cur);
    if (!mod)
        return;
    mod->name = dup(p, name, len);
    mod->loc = nn_dsl_loc(p, at);
}

void nn_dsl_block(struct nn_dsl_state *p, enum nn_kind kind, struct nn_span at,
                  struct nn_dsl_pair *pairs)
{
    struct nn_elem *e = nn_elem_new(p->m, kind);
    if (!e)
        return;
    e->loc = nn_dsl_loc(p, at);
    add_pairs(p, e, in_order(pairs));
    nn_arena_reset(&p->scratch);
    struct nn_network *n = &p->m->net;
    if (kind == NN_K_CONFIG)
        n->config = e;
    else if (kind == NN_K_TRAINING_DATASET)
        n->training = e;
    else
        n->test = e;
}

/* Sub-networks' own modules are an extension: when the network has no
 * modules: of its own, the last sub-network's tensor_ops:/modules: were the
 * network's (BESSER's reading), so move them back. */
static void reclaim_trailing_sections(struct nn_network *n)
{
    if (n->has_modules || n->nsubnets == 0)
        return;
    struct nn_network *last = &n->subnets[n->nsubnets - 1];
    if (!last->has_modules)
        return;
    if (n->nops == 0) {
        n->ops = last->ops, n->nops = last->nops, n->capops = last->capops;
        n->sec_loc[NN_SEC_TENSOR_OPS] = last->sec_loc[NN_SEC_TENSOR_OPS];
        last->ops = NULL, last->nops = last->capops = 0;
        memset(&last->sec_loc[NN_SEC_TENSOR_OPS], 0, sizeof(struct nn_loc));
    }
    n->modules = last->modules, n->nmodules = last->nmodules, n->capmodules = last->capmodules;
    n->sec_loc[NN_SEC_MODULES] = last->sec_loc[NN_SEC_MODULES];
    n->has_modules = 1;
    last->modules = NULL, last->nmodules = last->capmodules = 0, last->has_modules = 0;
    memset(&last->sec_loc[NN_SEC_MODULES], 0, sizeof(struct nn_loc));
}

void nn_dsl_network_attrs(struct nn_dsl_state *p, struct nn_dsl_pair *pairs)
{
    add_pairs(p, &p->m->net.head, in_order(pairs));
    nn_arena_reset(&p->scratch);
}

void nn_dsl_subnet_attrs(struct nn_dsl_state *p, struct nn_dsl_pair *pairs)
{
    if (p->cur != &p->m->net) /* the sub-network was refused (too many items) */
        add_pairs(p, &p->cur->head, in_order(pairs));
    nn_arena_reset(&p->scratch);
}

void nn_dsl_network_end(struct nn_dsl_state *p)
{
    reclaim_trailing_sections(&p->m->net);
}

struct nn_dsl_pair *nn_dsl_pair_new(struct nn_dsl_state *p, const char *key, size_t len,
                                    struct nn_span at, struct nn_value v)
{
    struct nn_dsl_pair *kv = nn_arena_alloc(&p->scratch, sizeof *kv);
    if (!kv)
        return NULL;
    kv->key = nn_arena_strndup(&p->scratch, key, len);
    kv->key_span = at;
    kv->value = v;
    return kv;
}

struct nn_dsl_pair *nn_dsl_pair_append(struct nn_dsl_state *p, struct nn_dsl_pair *list,
                                       struct nn_dsl_pair *pair)
{
    (void)p;
    if (!pair)
        return list;
    pair->next = list;
    return pair;
}


/* A number token as a C string in buf; 0 (after a diagnostic) when too long. */
static int number_text(struct nn_dsl_state *p, struct nn_loc at, const char *text, size_t len,
                       char *buf, size_t size)
{
    if (len >= size) {
        nn_diag(p->diag, at, NN_ERROR, "number too long");
        return 0;
    }
    memcpy(buf, text, len);
    buf[len] = '\0';
    errno = 0;
    return 1;
}

struct nn_value nn_dsl_int(struct nn_dsl_state *p, const char *text, size_t len,
                           struct nn_span at)
{
    struct nn_value v = {.type = NN_V_INT, .loc = nn_dsl_loc(p, at)};
    char buf[64];
    if (!number_text(p, v.loc, text, len, buf, sizeof buf))
        return v;
    v.i = strtoll(buf, NULL, 10);
    if (errno == ERANGE)
        nn_diag(p->diag, v.loc, NN_ERROR, "integer out of range");
    return v;
}

struct nn_value nn_dsl_float(struct nn_dsl_state *p, const char *text, size_t len,
                             struct nn_span at)
{
    struct nn_value v = {.type = NN_V_FLOAT, .loc = nn_dsl_loc(p, at)};
    char buf[128];
    if (!number_text(p, v.loc, text, len, buf, sizeof buf))
        return v;
    v.f = strtod(buf, NULL);
    if (errno == ERANGE && (v.f > 1.0 || v.f < -1.0))
        nn_diag(p->diag, v.loc, NN_ERROR, "decimal number out of range");
    return v;
}

struct nn_value nn_dsl_text(struct nn_dsl_state *p, enum nn_vtype type, const char *text,
                            size_t len, struct nn_span at)
{
    struct nn_value v = {.type = type, .loc = nn_dsl_loc(p, at)};
    v.s = dup(p, text, len);
    return v;
}

struct nn_dsl_vlist *nn_dsl_vlist_append(struct nn_dsl_state *p, struct nn_dsl_vlist *l,
                                         struct nn_value v)
{
    if (!l)
        l = nn_arena_alloc(&p->m->arena, sizeof *l);
    if (!l)
        return NULL;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        struct nn_value *items = nn_arena_grow(&p->m->arena, l->items, l->n, cap, sizeof *items);
        if (!items)
            return l;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = v;
    return l;
}

struct nn_value nn_dsl_list(struct nn_dsl_state *p, struct nn_dsl_vlist *items,
                            struct nn_span at)
{
    struct nn_value v = {.type = NN_V_LIST, .loc = nn_dsl_loc(p, at)};
    if (items) {
        v.items = items->items;
        v.n = items->n;
    }
    return v;
}

/* (col="...", label="...") */
struct nn_value nn_dsl_label(struct nn_dsl_state *p, const char *k1, size_t k1len,
                             struct nn_span k1at, const char *col, size_t collen,
                             const char *k2, size_t k2len, struct nn_span k2at,
                             const char *label, size_t labellen, struct nn_span at)
{
    struct nn_value v = {.type = NN_V_LABEL, .loc = nn_dsl_loc(p, at)};
    if (k1len != 3 || memcmp(k1, "col", 3) != 0)
        nn_diag(p->diag, nn_dsl_loc(p, k1at), NN_ERROR, "a label starts with col=");
    if (k2len != 5 || memcmp(k2, "label", 5) != 0)
        nn_diag(p->diag, nn_dsl_loc(p, k2at), NN_ERROR, "a label's second key is label=");
    v.s = dup(p, col, collen);
    v.s2 = dup(p, label, labellen);
    return v;
}
