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

/* Do two static keys compare equal? */
static int key_eq(const struct nn_mval *a, const struct nn_mval *b)
{
    if (a->kind == NN_MV_STR && b->kind == NN_MV_STR)
        return strcmp(a->s, b->s) == 0;
    if (nn_m2m_is_num(a) && nn_m2m_is_num(b))
        return nn_m2m_num(a) == nn_m2m_num(b);
    return 0;
}

struct nn_mval *nn_m2m_dict_get(struct nn_mval *d, struct nn_mval *key)
{
    for (size_t i = 0; i < d->n; i++)
        if (key_eq(d->keys[i], key))
            return d->items[i];
    return NULL;
}

void nn_m2m_dict_set(struct nn_m2m_eval *ev, struct nn_mval *d, struct nn_mval *key,
                     struct nn_mval *v)
{
    for (size_t i = 0; i < d->n; i++)
        if (key_eq(d->keys[i], key)) {
            d->items[i] = v;
            return;
        }
    grow(ev, d);
    if (d->items && d->keys) {
        d->keys[d->n] = key;
        d->items[d->n++] = v;
    }
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

void nn_m2m_bind(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const char *name,
                 struct nn_mval *v)
{
    for (struct nn_m2m_bind *b = env->first; b; b = b->next)
        if (strcmp(b->name, name) == 0) {
            b->val = v;
            return;
        }
    struct nn_m2m_bind *b = nn_arena_alloc(ev->a, sizeof *b);
    if (!b)
        return;
    b->name = name;
    b->val = v;
    if (env->last)
        env->last->next = b;
    else
        env->first = b;
    env->last = b;
}

struct nn_mval *nn_m2m_lookup_here(struct nn_m2m_env *env, const char *name)
{
    for (struct nn_m2m_bind *b = env->first; b; b = b->next)
        if (strcmp(b->name, name) == 0)
            return b->val;
    return NULL;
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
    if (!n || n->lineno <= 0)
        return nn_loc_make(ev->src, 0, 0);
    size_t s = nn_source_offset(ev->src, n->lineno, n->col_offset);
    size_t e = n->end_lineno == n->lineno
                   ? nn_source_offset(ev->src, n->end_lineno, n->end_col_offset)
                   : s + 1;
    return nn_loc_make(ev->src, s, e > s ? e : s);
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
        nn_diag(ev->d, loc, NN_ERROR, "%s", msg);
        return NULL;
    }
    nn_diag(ev->d, loc, NN_WARNING, "%s (left as a TODO)", msg);
    int line = at ? at->lineno : 0, col = at ? at->col_offset + 1 : 0;
    const char *note = nn_arena_printf(ev->a, "# TODO(nnc): not migrated: %s:%d:%d: %s",
                                       ev->src->path, line, col, msg);
    ev->todo = ev->todo ? nn_arena_printf(ev->a, "%s\n%s", ev->todo, note) : note;
    struct nn_mval *u = nn_m2m_new(ev, NN_MV_UNKNOWN);
    if (u) {
        u->node = at;
        u->s = "";
    }
    return u;
}

const char *nn_m2m_take_todo(struct nn_m2m_eval *ev)
{
    const char *t = ev->todo;
    ev->todo = NULL;
    return t;
}

struct nn_mval *nn_m2m_kwarg(struct nn_m2m_args *args, const char *name)
{
    for (size_t i = 0; i < args->nkw; i++)
        if (args->kwname[i] && strcmp(args->kwname[i], name) == 0)
            return args->kw[i];
    return NULL;
}
