/* reader.c - helpers shared by the framework readers (see reader.h). */
#include "m2m/reader.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is name given already (or reserved)? */
static int taken(const struct nn_m2m_names *names, const char *name)
{
    int tag;
    size_t i;
    return strcmp(name, "input") == 0 || (names->taken && nn_symtab_get(names->taken, name, &tag, &i));
}

/* Where the next suffix of base is kept (a new base starts at 2); NULL when out of memory. */
static int *next_suffix(struct nn_m2m_eval *ev, struct nn_m2m_names *names, const char *base)
{
    int tag;
    size_t i;
    if (!names->bases && !(names->bases = nn_symtab_new(ev->a, 16)))
        return NULL;
    if (nn_symtab_get(names->bases, base, &tag, &i))
        return &names->next[i];
    if (names->nbases == names->capbases) {
        size_t cap = names->capbases ? 2 * names->capbases : 16;
        int *next = nn_arena_grow(ev->a, names->next, names->nbases, cap, sizeof *next);
        if (!next)
            return NULL;
        names->next = next;
        names->capbases = cap;
    }
    if (nn_symtab_put(ev->a, names->bases, base, 0, names->nbases) < 0)
        return NULL;
    names->next[names->nbases] = 2;
    return &names->next[names->nbases++];
}

/* Names only accumulate: every suffix below the one a base reached is taken
 * still, so the search goes on from there (linear in the names given). */
const char *nn_m2m_unique(struct nn_m2m_eval *ev, struct nn_m2m_names *names, const char *base)
{
    const char *name = base;
    if (!names->taken && !(names->taken = nn_symtab_new(ev->a, 64)))
        return base;
    if (taken(names, name)) {
        int *k = next_suffix(ev, names, base), from = k ? *k : 2;
        do
            name = nn_arena_printf(ev->a, "%s_%d", base, from++);
        while (name && taken(names, name));
        if (k)
            *k = from;
        if (!name)
            return base;
    }
    nn_symtab_put(ev->a, names->taken, name, 0, names->n);
    if (names->n == names->cap) {
        names->cap = names->cap ? names->cap * 2 : 16;
        names->v = nn_arena_grow(ev->a, names->v, names->n, names->cap, sizeof *names->v);
    }
    if (names->v)
        names->v[names->n++] = name;
    return name;
}

/* Remember a module-level instantiation to trace later. */
static struct nn_mval *remember(struct nn_m2m_eval *ev, struct nn_m2m_pendings *p,
                                int pending_tag, const struct nn_py_node *at,
                                struct nn_mval *cls, struct nn_m2m_args *a)
{
    struct nn_m2m_pending *e = nn_arena_alloc(ev->a, sizeof *e);
    struct nn_m2m_args *copy = nn_arena_alloc(ev->a, sizeof *copy);
    if (!e || !copy)
        return NULL;
    *copy = *a;
    e->cls = cls;
    e->args = copy;
    e->at = at;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 4;
        p->v = nn_arena_grow(ev->a, p->v, p->n, p->cap, sizeof *p->v);
    }
    if (p->v)
        p->v[p->n++] = e;
    return nn_m2m_host_val(ev, pending_tag, e);
}

struct nn_mval *nn_m2m_instantiate(struct nn_m2m_eval *ev, struct nn_m2m_pendings *p,
                                   int tracing, int pending_tag, const struct nn_py_node *at,
                                   struct nn_mval *cls, struct nn_m2m_args *a)
{
    if (!tracing)
        return remember(ev, p, pending_tag, at, cls, a);
    struct nn_mval *o = nn_m2m_obj_new(ev, cls);
    struct nn_mval *init = nn_m2m_method(cls, "__init__");
    if (o && init && !nn_m2m_call_func(ev, at, init, o, a))
        return NULL;
    return o;
}

struct nn_m2m_pending *nn_m2m_pending_of(const struct nn_m2m_pendings *p, struct nn_mval *cls)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->v[i]->cls == cls)
            return p->v[i];
    return NULL;
}

int nn_m2m_mentions(const struct nn_py_node *n, const char *name)
{
    for (; n; n = n->next) {
        if (n->kind == NN_PY_Name && strcmp(n->s[0], name) == 0)
            return 1;
        for (int i = 0; i < 7; i++)
            if (n->n[i] && n->kind != NN_PY_OPNODE && nn_m2m_mentions(n->n[i], name))
                return 1;
    }
    return 0;
}

int nn_m2m_used_by_other(struct nn_m2m_eval *ev, struct nn_mval *cls,
                         int (*base)(const char *path))
{
    for (struct nn_m2m_bind *o = ev->globals->first; o; o = o->next)
        if (o->val != cls && o->val->kind == NN_MV_CLASS && nn_m2m_class_derives(o->val, base) &&
            nn_m2m_mentions(o->val->node->n[2], cls->node->s[0]))
            return 1;
    return 0;
}

int nn_m2m_word(const char *list, size_t k, char *buf, size_t size)
{
    const char *p = list;
    for (;;) {
        while (*p == ' ')
            p++;
        if (!*p)
            return 0;
        size_t n = strcspn(p, " ");
        if (k-- == 0) {
            snprintf(buf, size, "%.*s", (int)n, p);
            return 1;
        }
        p += n;
    }
}

const char *nn_m2m_bind_args(struct nn_arena *a, const char *params, size_t n,
                        const struct nn_m2m_args *args, struct nn_mval **v)
{
    char buf[64];
    for (size_t i = 0; i < args->npos; i++) {
        if (i >= n)
            return "too many arguments";
        v[i] = args->pos[i];
    }
    for (size_t i = 0; i < args->nkw; i++) {
        size_t k = 0;
        while (k < n && nn_m2m_word(params, k, buf, sizeof buf) && strcmp(buf, args->kwname[i]))
            k++;
        if (k == n)
            return nn_arena_printf(a, "argument '%s' is not known to nnc", args->kwname[i]);
        v[k] = args->kw[i];
    }
    return NULL;
}

int nn_m2m_dims(struct nn_mval *v, int rank, long long *out, size_t *n)
{
    if (v->kind == NN_MV_INT) {
        for (int i = 0; i < (rank ? rank : 1); i++)
            out[i] = v->i;
        *n = (size_t)(rank ? rank : 1);
        return 0;
    }
    if ((v->kind != NN_MV_TUPLE && v->kind != NN_MV_LIST) || v->n > 8 ||
        (rank && v->n != (size_t)rank))
        return -1;
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i]->kind != NN_MV_INT)
            return -1;
        out[i] = v->items[i]->i;
    }
    *n = v->n;
    return 0;
}

int nn_m2m_equals_text(struct nn_m2m_eval *ev, struct nn_mval *v, const char *text)
{
    if (v->kind == NN_MV_TUPLE || v->kind == NN_MV_LIST) {
        for (size_t i = 0; i < v->n; i++)
            if (!nn_m2m_equals_text(ev, v->items[i], text))
                return 0;
        return 1;
    }
    if (nn_m2m_is_num(v) && v->kind != NN_MV_BOOL) {
        char *end;
        double d = strtod(text, &end);
        return *end == 0 && d == nn_m2m_num(v);
    }
    const char *s = nn_m2m_to_str(ev, v);
    return s && strcmp(s, text) == 0;
}

struct nn_value nn_m2m_operands(struct nn_arena *a, const char *const *srcs, size_t n)
{
    struct nn_value v = {.type = NN_V_LIST};
    v.items = nn_arena_alloc(a, (n + 1) * sizeof *v.items);
    for (size_t i = 0; v.items && i < n; i++) {
        struct nn_value *it = &v.items[i];
        if (srcs[i][0] != '#') {
            it->type = NN_V_NAME;
            it->s = srcs[i];
            continue;
        }
        it->type = NN_V_FLOAT;
        it->f = strtod(srcs[i] + 1, NULL);
        if (fabs(it->f) < 1e15 && it->f == (double)(long long)it->f) { /* whole: an int */
            it->type = NN_V_INT;
            it->i = (long long)it->f;
        }
    }
    v.n = v.items ? n : 0;
    return v;
}

/* One gap as an Unmapped layer and its module entry; its name, or NULL. */
static const char *place_gap(struct nn_m2m_eval *ev, struct nn_m2m_names *names,
                             struct nn_model *m, struct nn_network *n,
                             const struct nn_m2m_gap *g)
{
    struct nn_elem *e = nn_net_add_layer(m, n);
    if (!e)
        return NULL;
    e->kind = NN_K_UNMAPPED;
    e->name = nn_m2m_unique(ev, names, "unmapped");
    e->loc = g->loc;
    nn_elem_set_string(m, e, NN_A_CONSTRUCT, g->what);
    nn_elem_set_string(m, e, NN_A_SOURCE, g->where);
    struct nn_module *mod = nn_net_add_module(m, n);
    if (!mod)
        return NULL;
    mod->name = e->name;
    mod->loc = g->loc;
    n->has_modules = 1;
    return e->name;
}

const char *nn_m2m_place_gaps(struct nn_m2m_eval *ev, struct nn_m2m_names *names,
                              struct nn_model *m, struct nn_network *n)
{
    const char *last = NULL;
    for (struct nn_m2m_gap *g = nn_m2m_take_gaps(ev); g; g = g->next) {
        const char *name = place_gap(ev, names, m, n, g);
        last = name ? name : last;
    }
    return last;
}

int nn_m2m_own_helper(struct nn_m2m_eval *ev, const struct nn_mval *v, const char *name,
                      const char *text)
{
    const struct nn_py_node *d = v->node;
    if (!text || !d || !d->s[0] || strcmp(d->s[0], name) != 0 || d->col_offset != 0)
        return 0;
    const struct nn_source *src = ev->src;
    size_t start = nn_source_offset(ev->src, d->lineno, 0), n = strlen(text);
    if (start > src->len || src->len - start < n || memcmp(src->text + start, text, n) != 0)
        return 0;
    const char *p = src->text + start + n, *end = src->text + src->len;
    while (p < end && strchr(" \t\r\n", *p)) {
        if (*p == '\n' && p + 1 < end && p[1] != ' ' && p[1] != '\t')
            return 1; /* a line at column 0: the class ended with the helper's text */
        p++;
    }
    return p == end || p == src->text + start + n;
}
