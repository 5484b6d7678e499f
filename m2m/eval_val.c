/* eval_val.c - evaluator values, scopes and reporting (see eval.h). */
#include "m2m/eval.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct nn_mval nn_m2m_unhandled = {.kind = NN_MV_UNKNOWN};

/* A fresh value of kind k. */
struct nn_mval *nn_m2m_new(struct nn_m2m_eval *ev, enum nn_mv_kind k)
{
    struct nn_mval *v = nn_arena_alloc(ev->a, sizeof *v);
    if (v)
        v->kind = k;
    return v;
}

struct nn_mval *nn_m2m_int(struct nn_m2m_eval *ev, long long i)
{
    struct nn_mval *v = nn_m2m_new(ev, NN_MV_INT);
    if (v)
        v->i = i;
    return v;
}

struct nn_mval *nn_m2m_str(struct nn_m2m_eval *ev, const char *s)
{
    if (!s) /* a failed allocation: the arena's flag fails the read */
        return NULL;
    struct nn_mval *v = nn_m2m_new(ev, NN_MV_STR);
    if (v)
        v->s = s;
    return v;
}

struct nn_mval *nn_m2m_path(struct nn_m2m_eval *ev, const char *s)
{
    struct nn_mval *v = nn_m2m_new(ev, NN_MV_PATH);
    if (v)
        v->s = s;
    return v;
}

struct nn_mval *nn_m2m_host_val(struct nn_m2m_eval *ev, int tag, void *ptr)
{
    struct nn_mval *v = nn_m2m_new(ev, NN_MV_HOST);
    if (v) {
        v->tag = tag;
        v->ptr = ptr;
    }
    return v;
}

/* A list, tuple or dict with room for n items. */
struct nn_mval *nn_m2m_seq(struct nn_m2m_eval *ev, enum nn_mv_kind k, size_t n)
{
    struct nn_mval *v = nn_m2m_new(ev, k);
    if (!v)
        return NULL;
    v->cap = n ? n : 4;
    v->items = nn_arena_alloc(ev->a, v->cap * sizeof *v->items);
    if (k == NN_MV_DICT)
        v->keys = nn_arena_alloc(ev->a, v->cap * sizeof *v->keys);
    return v;
}

/* Make room for one more item. */
static void grow(struct nn_m2m_eval *ev, struct nn_mval *l)
{
    if (l->n < l->cap)
        return;
    size_t ncap = l->cap ? l->cap * 2 : 4;
    struct nn_mval **items = nn_arena_grow(ev->a, l->items, l->n, ncap, sizeof *l->items);
    struct nn_mval **keys = l->kind == NN_MV_DICT
                                ? nn_arena_grow(ev->a, l->keys, l->n, ncap, sizeof *l->keys)
                                : NULL;
    if (!items || (l->kind == NN_MV_DICT && !keys))
        return; /* the list stays as it was; the arena's flag fails the read */
    l->items = items;
    l->keys = keys ? keys : l->keys;
    l->cap = ncap;
}

void nn_m2m_push(struct nn_m2m_eval *ev, struct nn_mval *list, struct nn_mval *v)
{
    if (!v || !list) /* a failed allocation: the arena's flag fails the read */
        return;
    grow(ev, list);
    if (list->items && list->n < list->cap)
        list->items[list->n++] = v;
}

int nn_m2m_extend(struct nn_m2m_eval *ev, const struct nn_py_node *at, struct nn_mval *list,
                  const struct nn_mval *src)
{
    size_t n = src->n; /* src may be list itself: its items as they were */
    if (n > NN_M2M_MAX_ITEMS - list->n) { /* an error even in lenient mode, as the step limit */
        nn_diag(ev->d, nn_m2m_loc(ev, at), NN_ERROR,
                "a list this long (more than %d items) cannot be evaluated statically",
                NN_M2M_MAX_ITEMS);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        nn_m2m_push(ev, list, src->items[i]);
    return 1;
}

/* ---- the index: open addressing over hashes, entries kept by the caller ---- */

struct nn_m2m_slot {
    void *p;                 /* the entry (an environment's binding) */
    size_t i;                /* or its position (a dict's key) */
};

struct nn_m2m_hash {
    size_t cap, n;           /* slots (a power of two), entries */
    unsigned long long *h;   /* per slot: the entry's hash with bit 0 set; 0: empty */
    struct nn_m2m_slot *v;   /* per slot: the entry */
};

/* Lists shorter than this are searched in order. */
#define INDEX_FROM 8

/* FNV-1a of n bytes, bit 0 set (0 marks an empty slot). */
static unsigned long long hash_bytes(const void *p, size_t n)
{
    const unsigned char *b = p;
    unsigned long long h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h | 1;
}

/* Insert entry v of hash h, growing the table at half load; 0 when out of memory. */
static int hash_put(struct nn_arena *a, struct nn_m2m_hash **tp, unsigned long long h,
                    struct nn_m2m_slot v)
{
    struct nn_m2m_hash *t = *tp;
    if (!t || 2 * (t->n + 1) > t->cap) {
        struct nn_m2m_hash *g = nn_arena_alloc(a, sizeof *g);
        size_t cap = t ? 2 * t->cap : 32;
        if (!g || !(g->h = nn_arena_alloc(a, cap * sizeof *g->h)) ||
            !(g->v = nn_arena_alloc(a, cap * sizeof *g->v)))
            return 0;
        g->cap = cap;
        for (size_t i = 0; t && i < t->cap; i++)
            if (t->h[i])
                hash_put(a, &g, t->h[i], t->v[i]);
        *tp = t = g;
    }
    size_t i = (size_t)h & (t->cap - 1);
    while (t->h[i])
        i = (i + 1) & (t->cap - 1);
    t->h[i] = h;
    t->v[i] = v;
    t->n++;
    return 1;
}

/* From slot *i on, the next slot holding hash h: 1, or 0 at an empty slot. */
static int hash_next(const struct nn_m2m_hash *t, unsigned long long h, size_t *i)
{
    for (; t->h[*i]; *i = (*i + 1) & (t->cap - 1))
        if (t->h[*i] == h)
            return 1;
    return 0;
}

/* Do two static keys compare equal? */
static int key_eq(const struct nn_mval *a, const struct nn_mval *b)
{
    if (a->kind == NN_MV_STR && b->kind == NN_MV_STR)
        return strcmp(a->s, b->s) == 0;
    if (nn_m2m_is_num(a) && nn_m2m_is_num(b))
        return nn_m2m_num(a) == nn_m2m_num(b);
    return 0;
}

/* The hash of a key consistent with key_eq; 0 for keys equal to nothing. */
static unsigned long long key_hash(const struct nn_mval *k)
{
    if (k->kind == NN_MV_STR)
        return hash_bytes(k->s, strlen(k->s));
    if (!nn_m2m_is_num(k))
        return 0;
    double x = nn_m2m_num(k);
    x = x == 0 ? 0.0 : x; /* -0.0 equals 0.0 */
    return hash_bytes(&x, sizeof x);
}

/* Index d's keys added since the last look-up (dicts only grow); 0 when out of memory. */
static int dict_catch_up(struct nn_arena *a, struct nn_mval *d)
{
    for (; d->indexed < d->n; d->indexed++) {
        unsigned long long h = key_hash(d->keys[d->indexed]);
        struct nn_m2m_slot v = {NULL, d->indexed};
        if (h && !hash_put(a, &d->index, h, v))
            return 0;
    }
    return 1;
}

/* The position of key in dict d, or -1; the index is brought up to date when
 * an arena is given, else used only when it is. */
static long dict_find(struct nn_arena *a, struct nn_mval *d, const struct nn_mval *key)
{
    unsigned long long h = key_hash(key);
    if (d->n >= INDEX_FROM && a)
        dict_catch_up(a, d);
    if (d->n < INDEX_FROM || d->indexed < d->n || !d->index) {
        for (size_t i = 0; i < d->n; i++)
            if (key_eq(d->keys[i], key))
                return (long)i;
        return -1;
    }
    for (size_t i = (size_t)h & (d->index->cap - 1); h && hash_next(d->index, h, &i);
         i = (i + 1) & (d->index->cap - 1))
        if (key_eq(d->keys[d->index->v[i].i], key))
            return (long)d->index->v[i].i;
    return -1;
}

struct nn_mval *nn_m2m_dict_get(struct nn_mval *d, struct nn_mval *key)
{
    long i = dict_find(NULL, d, key);
    return i >= 0 ? d->items[i] : NULL;
}

void nn_m2m_dict_set(struct nn_m2m_eval *ev, struct nn_mval *d, struct nn_mval *key,
                     struct nn_mval *v)
{
    long i = dict_find(ev->a, d, key);
    if (i >= 0) {
        d->items[i] = v;
        return;
    }
    grow(ev, d);
    if (d->items && d->keys && d->n < d->cap) {
        d->keys[d->n] = key;
        d->items[d->n++] = v;
    }
    if (d->n >= INDEX_FROM)
        dict_catch_up(ev->a, d);
}

int nn_m2m_is_num(const struct nn_mval *v)
{
    return v && (v->kind == NN_MV_INT || v->kind == NN_MV_FLOAT || v->kind == NN_MV_BOOL);
}

double nn_m2m_num(const struct nn_mval *v)
{
    return v->kind == NN_MV_FLOAT ? v->f : (double)v->i;
}

int nn_m2m_truth(const struct nn_mval *v)
{
    switch (v->kind) {
    case NN_MV_NONE: return 0;
    case NN_MV_BOOL:
    case NN_MV_INT: return v->i != 0;
    case NN_MV_FLOAT: return v->f != 0;
    case NN_MV_STR: return v->s[0] != 0;
    case NN_MV_LIST:
    case NN_MV_TUPLE:
    case NN_MV_DICT: return v->n != 0;
    case NN_MV_UNKNOWN:
    case NN_MV_HOST: return -1;
    default: return 1;
    }
}

const char *nn_m2m_describe(struct nn_m2m_eval *ev, const struct nn_mval *v)
{
    static const char *const names[] = {
        "an unknown value", "None", "a bool", "an int", "a float", "a string", "a list",
        "a tuple", "a dict", "", "a function", "a class", "an object", "a method",
        "a builtin", "super()", "a framework value"};
    if (v->kind == NN_MV_PATH)
        return v->s;
    if (v->kind == NN_MV_CLASS || v->kind == NN_MV_FUNC)
        return nn_arena_printf(ev->a, "'%s'", v->node->s[0] ? v->node->s[0] : "lambda");
    if (v->kind == NN_MV_OBJ && v->cls)
        return nn_arena_printf(ev->a, "a '%s' object", v->cls->node->s[0]);
    return names[v->kind];
}

struct nn_m2m_env *nn_m2m_env_new(struct nn_m2m_eval *ev, struct nn_m2m_env *parent)
{
    struct nn_m2m_env *e = nn_arena_alloc(ev->a, sizeof *e);
    if (e)
        e->parent = parent;
    return e;
}

/* Index env's bindings made since the last look-up; 0 when out of memory. */
static int env_catch_up(struct nn_arena *a, struct nn_m2m_env *env)
{
    struct nn_m2m_bind *b = env->indexed ? env->indexed->next : env->first;
    for (; b; b = b->next) {
        struct nn_m2m_slot v = {b, 0};
        if (!hash_put(a, &env->index, hash_bytes(b->name, strlen(b->name)), v))
            return 0;
        env->indexed = b;
    }
    return 1;
}

/* The binding of name in env itself, or NULL. */
static struct nn_m2m_bind *env_find(struct nn_arena *a, struct nn_m2m_env *env, const char *name)
{
    if (env->n >= INDEX_FROM && a)
        env_catch_up(a, env);
    if (env->n < INDEX_FROM || env->indexed != env->last || !env->index) {
        for (struct nn_m2m_bind *b = env->first; b; b = b->next)
            if (strcmp(b->name, name) == 0)
                return b;
        return NULL;
    }
    unsigned long long h = hash_bytes(name, strlen(name));
    for (size_t i = (size_t)h & (env->index->cap - 1); hash_next(env->index, h, &i);
         i = (i + 1) & (env->index->cap - 1)) {
        struct nn_m2m_bind *b = env->index->v[i].p;
        if (strcmp(b->name, name) == 0)
            return b;
    }
    return NULL;
}

void nn_m2m_bind(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const char *name,
                 struct nn_mval *v)
{
    struct nn_m2m_bind *b = env_find(ev->a, env, name);
    if (b) {
        b->val = v;
        return;
    }
    b = nn_arena_alloc(ev->a, sizeof *b);
    if (!b)
        return;
    b->name = name;
    b->val = v;
    if (env->last)
        env->last->next = b;
    else
        env->first = b;
    env->last = b;
    if (++env->n >= INDEX_FROM)
        env_catch_up(ev->a, env);
}

struct nn_mval *nn_m2m_lookup_here(struct nn_m2m_env *env, const char *name)
{
    struct nn_m2m_bind *b = env_find(NULL, env, name);
    return b ? b->val : NULL;
}

struct nn_mval *nn_m2m_lookup(struct nn_m2m_env *env, const char *name)
{
    for (; env; env = env->parent) {
        struct nn_mval *v = nn_m2m_lookup_here(env, name);
        if (v)
            return v;
    }
    return NULL;
}

struct nn_loc nn_m2m_loc(struct nn_m2m_eval *ev, const struct nn_py_node *n)
{
    struct nn_source *src = n && n->src ? n->src : ev->src;
    if (!n || n->lineno <= 0)
        return nn_loc_make(src, 0, 0);
    size_t s = nn_source_offset(src, n->lineno, n->col_offset);
    size_t e = n->end_lineno == n->lineno
                   ? nn_source_offset(src, n->end_lineno, n->end_col_offset)
                   : s + 1;
    return nn_loc_make(src, s, e > s ? e : s);
}

/* The text of a gap as the DSL and a Python comment can hold it: one line,
 * no double quote. */
static const char *gap_text(struct nn_m2m_eval *ev, const char *s)
{
    char *t = nn_arena_strdup(ev->a, s);
    for (char *p = t; p && *p; p++)
        if (*p == '"')
            *p = '\'';
        else if ((unsigned char)*p < ' ')
            *p = ' ';
    return t ? t : "";
}

/* Record a gap at `at` for the host to place in the pivot. */
static void add_gap(struct nn_m2m_eval *ev, const struct nn_py_node *at, struct nn_loc loc,
                    const char *msg)
{
    struct nn_m2m_gap *g = nn_arena_alloc(ev->a, sizeof *g);
    if (!g)
        return;
    g->what = gap_text(ev, msg);
    g->where = gap_text(ev, nn_arena_printf(ev->a, "%s:%d", ev->src->path,
                                             at && at->lineno > 0 ? at->lineno : 1));
    g->loc = loc;
    g->next = NULL;
    if (ev->gaps_last)
        ev->gaps_last->next = g;
    else
        ev->gaps = g;
    ev->gaps_last = g;
}

int nn_m2m_reported(const struct nn_mval *v)
{
    return v && v->kind == NN_MV_UNKNOWN && v->s && !v->s[0];
}

struct nn_mval *nn_m2m_unmappable(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                  const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    struct nn_loc loc = nn_m2m_loc(ev, at);
    if (!ev->keep_going) {
        nn_diag(ev->d, loc, NN_ERROR, "%s", msg[0] ? msg : "a value nnc cannot know here");
        return NULL;
    }
    if (msg[0]) { /* empty: a value an earlier warning already named */
        nn_diag(ev->d, loc, NN_WARNING, "%s (left as a TODO)", msg);
        add_gap(ev, at, loc, msg);
    }
    struct nn_mval *u = nn_m2m_new(ev, NN_MV_UNKNOWN);
    if (u) {
        u->node = at;
        u->s = "";
    }
    return u;
}

struct nn_m2m_gap *nn_m2m_take_gaps(struct nn_m2m_eval *ev)
{
    struct nn_m2m_gap *g = ev->gaps;
    ev->gaps = ev->gaps_last = NULL;
    return g;
}

struct nn_mval *nn_m2m_kwarg(struct nn_m2m_args *args, const char *name)
{
    for (size_t i = 0; i < args->nkw; i++)
        if (args->kwname[i] && strcmp(args->kwname[i], name) == 0)
            return args->kw[i];
    return NULL;
}

struct nn_mval *nn_m2m_arg_at(struct nn_m2m_args *args, const char *kw, size_t pos,
                              int given_only)
{
    struct nn_mval *v = nn_m2m_kwarg(args, kw);
    v = v ? v : pos < args->npos ? args->pos[pos] : NULL;
    return v && given_only && v->kind == NN_MV_NONE ? NULL : v;
}
