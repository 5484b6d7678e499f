/* eval_more.c - more builtins and methods real model files use: round,
 * reversed, sorted, hasattr, divmod, any, all, dict.pop, str.startswith and
 * str.endswith; each exact or an error. */
#include <fenv.h>
#include <math.h>
#include <string.h>

#include "grammar/pylit.h"
#include "m2m/eval_int.h"

/* The i-th positional argument or NULL. */
static struct nn_mval *arg(struct nn_m2m_args *a, size_t i)
{
    return i < a->npos ? a->pos[i] : NULL;
}

static struct nn_mval *bad(struct nn_m2m_eval *ev, const struct nn_py_node *at, const char *what)
{
    return nn_m2m_fail(ev, at, nn_arena_printf(ev->a, "cannot evaluate %s statically", what));
}

/* round(x): an int, halves to even as Python; round(int, n) with n >= 0 is the int. */
struct nn_mval *nn_m2m_b_round(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *x = arg(a, 0), *n = arg(a, 1);
    if (!x || a->nkw || (n && n->kind != NN_MV_NONE &&
                         (x->kind == NN_MV_FLOAT || n->kind != NN_MV_INT || n->i < 0)))
        return bad(ev, at, "this round()");
    if (x->kind == NN_MV_INT || x->kind == NN_MV_BOOL)
        return nn_m2m_int(ev, x->i);
    if (x->kind != NN_MV_FLOAT || !isfinite(x->f) || fabs(x->f) >= 9.2e18)
        return bad(ev, at, "round() of this value");
    if (fegetround() != FE_TONEAREST) /* nearbyint rounds halves to even only so */
        return bad(ev, at, "round() under this rounding mode");
    return nn_m2m_int(ev, (long long)nearbyint(x->f));
}

/* The items of an iterable argument as a list (a copy); NULL after reporting. */
static struct nn_mval *items_of(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *v)
{
    struct nn_mval *it = v ? nn_m2m_iterable(ev, at, v) : NULL;
    struct nn_mval *l = it ? nn_m2m_seq(ev, NN_MV_LIST, it->n) : NULL;
    if (l && !nn_m2m_extend(ev, at, l, it))
        return NULL;
    return l;
}

/* set(iterable): its distinct items in the order first met (a set's own
 * order is CPython's hashing; code that only counts or tests membership,
 * len(set(widths)), sees no difference). */
struct nn_mval *nn_m2m_b_set(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *l = a->npos ? items_of(ev, at, arg(a, 0)) : nn_m2m_seq(ev, NN_MV_LIST, 0);
    struct nn_mval *seen = l ? nn_m2m_seq(ev, NN_MV_DICT, l->n) : NULL;
    for (size_t i = 0; seen && i < l->n; i++)
        if (!nn_m2m_dict_get(seen, l->items[i]))
            nn_m2m_dict_set(ev, seen, l->items[i], l->items[i]);
    return seen ? nn_m2m_iterable(ev, at, seen) : NULL;
}

/* math.log(x[, base]) as CPython computes it (a domain error below or at 0). */
struct nn_mval *nn_m2m_b_log(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *x = arg(a, 0), *b = arg(a, 1), *r = nn_m2m_new(ev, NN_MV_FLOAT);
    if (!x || !nn_m2m_is_num(x) || (b && !nn_m2m_is_num(b)) || a->npos > 2)
        return nn_m2m_fail(ev, at, "math.log of this value cannot be evaluated statically");
    if (nn_m2m_num(x) <= 0 || (b && (nn_m2m_num(b) <= 0 || nn_m2m_num(b) == 1)))
        return nn_m2m_fail(ev, at, "math domain error");
    if (r)
        r->f = b ? log(nn_m2m_num(x)) / log(nn_m2m_num(b)) : log(nn_m2m_num(x));
    return r;
}

/* reversed(seq) as a list. */
struct nn_mval *nn_m2m_b_reversed(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                  struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *l = items_of(ev, at, arg(a, 0));
    for (size_t i = 0; l && i < l->n / 2; i++) {
        struct nn_mval *t = l->items[i];
        l->items[i] = l->items[l->n - 1 - i];
        l->items[l->n - 1 - i] = t;
    }
    return l;
}

/* sorted(iterable[, reverse=b]) of numbers (insertion sort, stable as Python's). */
struct nn_mval *nn_m2m_b_sorted(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *rev = nn_m2m_kwarg(a, "reverse");
    int r = rev ? nn_m2m_truth(rev) : 0;
    if (r < 0 || a->nkw > (rev ? 1u : 0u))
        return bad(ev, at, "this sorted()");
    struct nn_mval *l = items_of(ev, at, arg(a, 0));
    if (l && l->n > 10000)
        return bad(ev, at, "sorted() of this many items");
    for (size_t i = 1; l && i < l->n; i++)
        for (size_t j = i; j > 0; j--) {
            int lt = nn_m2m_order(NN_PYOP_Lt, r ? l->items[j - 1] : l->items[j],
                                  r ? l->items[j] : l->items[j - 1]);
            if (lt < 0)
                return bad(ev, at, "sorted() of values that are not numbers");
            if (!lt)
                break;
            struct nn_mval *t = l->items[j];
            l->items[j] = l->items[j - 1];
            l->items[j - 1] = t;
        }
    return l;
}

/* hasattr(obj, name) for an instance of a user class or a user class. */
struct nn_mval *nn_m2m_b_hasattr(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                 struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *o = arg(a, 0), *n = arg(a, 1), *b = nn_m2m_new(ev, NN_MV_BOOL);
    int host = o && n && n->kind == NN_MV_STR && o->kind == NN_MV_HOST && ev->host->hasattr
                   ? ev->host->hasattr(ev, o, n->s) : -1;
    if (host >= 0 && b) {
        b->i = host;
        return b;
    }
    if (!o || !n || n->kind != NN_MV_STR || (o->kind != NN_MV_OBJ && o->kind != NN_MV_CLASS))
        return bad(ev, at, "hasattr() of this value");
    if (b)
        b->i = (o->kind == NN_MV_OBJ && nn_m2m_lookup_here(o->env, n->s)) ||
               nn_m2m_method(o->kind == NN_MV_OBJ ? o->cls : o, n->s) != NULL;
    if (b && !b->i && (o->kind == NN_MV_OBJ ? o->cls : o)) {
        struct nn_mval *c = o->kind == NN_MV_OBJ ? o->cls : o;
        for (size_t i = 0; i < c->n; i++) /* an external base may define it */
            if (c->items[i]->kind != NN_MV_CLASS)
                return bad(ev, at, "hasattr() on a class with an external base");
    }
    return b;
}

/* divmod(a, b) as the tuple (a // b, a % b). */
struct nn_mval *nn_m2m_b_divmod(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    if (a->npos != 2)
        return bad(ev, at, "this divmod()");
    struct nn_mval *q = nn_m2m_binop(ev, at, NN_PYOP_FloorDiv, a->pos[0], a->pos[1]);
    struct nn_mval *r = q ? nn_m2m_binop(ev, at, NN_PYOP_Mod, a->pos[0], a->pos[1]) : NULL;
    struct nn_mval *t = r ? nn_m2m_seq(ev, NN_MV_TUPLE, 2) : NULL;
    if (t) {
        nn_m2m_push(ev, t, q);
        nn_m2m_push(ev, t, r);
    }
    return t;
}

/* any(it) / all(it) of values whose truth is known. */
static struct nn_mval *any_all(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_m2m_args *a, int all)
{
    struct nn_mval *l = items_of(ev, at, arg(a, 0)), *b = nn_m2m_new(ev, NN_MV_BOOL);
    if (!l || !b)
        return NULL;
    b->i = all;
    for (size_t i = 0; i < l->n && b->i == all; i++) {
        int t = nn_m2m_truth(l->items[i]);
        if (t < 0)
            return bad(ev, at, all ? "all() of these values" : "any() of these values");
        if (t != all)
            b->i = !all;
    }
    return b;
}

struct nn_mval *nn_m2m_b_any(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    return any_all(ev, at, a, 0);
}

struct nn_mval *nn_m2m_b_all(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    return any_all(ev, at, a, 1);
}

/* dict.pop(key[, default]): the dict is rebuilt without key. */
struct nn_mval *nn_m2m_dict_pop(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *self, struct nn_m2m_args *a)
{
    struct nn_mval *key = arg(a, 0), *v = key ? nn_m2m_dict_get(self, key) : NULL;
    if (!key || a->npos > 2 || a->nkw)
        return bad(ev, at, "this pop()");
    if (!v)
        return a->npos == 2 ? a->pos[1] : bad(ev, at, "pop() of a key the dict lacks");
    struct nn_mval *mark = nn_m2m_new(ev, NN_MV_NONE), *d = nn_m2m_seq(ev, NN_MV_DICT, self->n);
    if (!mark || !d)
        return NULL;
    nn_m2m_dict_set(ev, self, key, mark); /* key's slot, found by its new value */
    for (size_t i = 0; i < self->n; i++)
        if (self->items[i] != mark)
            nn_m2m_dict_set(ev, d, self->keys[i], self->items[i]);
    self->keys = d->keys, self->items = d->items, self->n = d->n, self->cap = d->cap;
    self->index = d->index, self->indexed = d->indexed;
    return v;
}

/* str.startswith(prefix) / str.endswith(suffix), a str or a tuple of them. */
static struct nn_mval *affix(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a, int end)
{
    struct nn_mval *p = arg(a, 0), *b = nn_m2m_new(ev, NN_MV_BOOL);
    struct nn_mval *one[1] = {p};
    struct nn_mval **ps = p && p->kind == NN_MV_TUPLE ? p->items : one;
    size_t n = p && p->kind == NN_MV_TUPLE ? p->n : 1, len = self->kind == NN_MV_STR ? strlen(self->s) : 0;
    if (!p || a->npos != 1 || a->nkw || self->kind != NN_MV_STR)
        return bad(ev, at, end ? "this endswith()" : "this startswith()");
    for (size_t i = 0; b && i < n; i++) {
        if (ps[i]->kind != NN_MV_STR)
            return bad(ev, at, end ? "this endswith()" : "this startswith()");
        size_t k = strlen(ps[i]->s);
        if (k <= len && memcmp(self->s + (end ? len - k : 0), ps[i]->s, k) == 0)
            b->i = 1;
    }
    return b;
}

struct nn_mval *nn_m2m_m_startswith(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                    struct nn_mval *self, struct nn_m2m_args *a)
{
    return affix(ev, at, self, a, 0);
}

struct nn_mval *nn_m2m_m_endswith(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                  struct nn_mval *self, struct nn_m2m_args *a)
{
    return affix(ev, at, self, a, 1);
}

/* Is cls (a user class) t or derived from it? */
static int derives_from(const struct nn_mval *cls, const struct nn_mval *t, int depth)
{
    if (cls == t)
        return 1;
    for (size_t i = 0; depth < 64 && cls->kind == NN_MV_CLASS && i < cls->n; i++)
        if (derives_from(cls->items[i], t, depth + 1))
            return 1;
    return 0;
}

/* Does user class cls have only user classes as bases (all the way up)? */
static int closed_class(const struct nn_mval *cls, int depth)
{
    if (!cls || cls->kind != NN_MV_CLASS || depth > 64)
        return 0;
    for (size_t i = 0; i < cls->n; i++)
        if (!closed_class(cls->items[i], depth + 1))
            return 0;
    return 1;
}

/* isinstance(v, abstract collection t): 1, 0, or -1 when unknown. */
static int is_abstract(const struct nn_mval *v, const char *name)
{
    int seq = v->kind == NN_MV_LIST || v->kind == NN_MV_TUPLE || v->kind == NN_MV_STR;
    int plain = nn_m2m_is_num(v) || v->kind == NN_MV_NONE || seq || v->kind == NN_MV_DICT ||
                (v->kind == NN_MV_OBJ && closed_class(v->cls, 0));
    if (!plain)
        return -1;
    if (strcmp(name, "Sequence") == 0)
        return seq;
    if (strcmp(name, "Mapping") == 0 || strcmp(name, "MutableMapping") == 0)
        return v->kind == NN_MV_DICT;
    if (strcmp(name, "Iterable") == 0 || strcmp(name, "Collection") == 0)
        return seq || v->kind == NN_MV_DICT;
    return -1;
}

/* isinstance(v, t) for one type t that is a user class or an abstract
 * collection of typing / collections.abc: 1, 0, or -1 when unknown. */
static int instance_of(struct nn_m2m_eval *ev, const struct nn_mval *v, const struct nn_mval *t)
{
    if (v->kind == NN_MV_HOST && t->kind == NN_MV_PATH && ev->host->isinstance)
        return ev->host->isinstance(ev, v, t->s);
    if (t->kind == NN_MV_CLASS) {
        if (v->kind == NN_MV_OBJ && v->cls)
            return derives_from(v->cls, t, 0);
        return v->kind == NN_MV_UNKNOWN ? -1 : 0; /* numbers, strings, lists, framework values */
    }
    const char *dot = t->kind == NN_MV_PATH ? strrchr(t->s, '.') : NULL;
    if (dot && (strncmp(t->s, "typing.", 7) == 0 || strncmp(t->s, "collections.abc.", 16) == 0))
        return is_abstract(v, dot + 1);
    if (t->kind == NN_MV_PATH && strncmp(t->s, "torch.", 6) == 0 && v->kind <= NN_MV_DICT &&
        v->kind != NN_MV_UNKNOWN)
        return 0; /* a number, string, list, tuple or dict is no framework class */
    return -1;
}

struct nn_mval *nn_m2m_isinstance_more(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                       struct nn_mval *v, struct nn_mval *t)
{
    struct nn_mval *single = t, **types = t->kind == NN_MV_TUPLE ? t->items : &single;
    size_t n = t->kind == NN_MV_TUPLE ? t->n : 1, mine = 0;
    for (size_t i = 0; i < n; i++)
        mine += types[i]->kind == NN_MV_CLASS || types[i]->kind == NN_MV_PATH;
    if (mine != n || n == 0)
        return &nn_m2m_unhandled;
    struct nn_mval *r = nn_m2m_new(ev, NN_MV_BOOL);
    for (size_t i = 0; r && i < n && !r->i; i++) {
        int k = instance_of(ev, v, types[i]);
        if (k < 0)
            return bad(ev, at, "isinstance() of this value against this type");
        r->i = k;
    }
    return r;
}

/* One conversion of printf-style formatting: the text of v for %s, %d or %i; NULL if not exact. */
static const char *percent_one(struct nn_m2m_eval *ev, char conv, struct nn_mval *v)
{
    if (conv == 's')
        return nn_m2m_to_str(ev, v);
    if (v->kind == NN_MV_INT || v->kind == NN_MV_BOOL)
        return nn_arena_printf(ev->a, "%lld", v->i);
    return NULL;
}

struct nn_mval *nn_m2m_percent(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_mval *fmt, struct nn_mval *args)
{
    struct nn_mval *one[1] = {args};
    struct nn_mval **v = args->kind == NN_MV_TUPLE ? args->items : one;
    size_t n = args->kind == NN_MV_TUPLE ? args->n : 1, used = 0;
    const char *out = "";
    for (const char *p = fmt->s; out && *p;) {
        size_t lit = strcspn(p, "%");
        out = nn_arena_printf(ev->a, "%s%.*s", out, (int)lit, p);
        p += lit;
        if (!*p || !out)
            break;
        char conv = p[1];
        if (conv == '%') {
            out = nn_arena_printf(ev->a, "%s%%", out);
        } else {
            const char *t = (conv == 's' || conv == 'd' || conv == 'i') && used < n
                                ? percent_one(ev, conv, v[used++]) : NULL;
            if (!t)
                return nn_m2m_fail(ev, at, "cannot evaluate this %-formatting statically "
                                           "(only %s, %d and %i of known values)");
            out = nn_arena_printf(ev->a, "%s%s", out, t);
        }
        p += 2;
    }
    if (used != n)
        return nn_m2m_fail(ev, at, "not all arguments converted during string formatting");
    return out ? nn_m2m_str(ev, out) : NULL;
}

/* Builtin exception and warning classes: only ever handed to raise or
 * warnings.warn while a model is built. */
static const char *const exceptions[] = {
    "Exception", "ValueError", "TypeError", "RuntimeError", "KeyError", "IndexError",
    "NotImplementedError", "AssertionError", "AttributeError", "Warning", "UserWarning",
    "DeprecationWarning", "FutureWarning", "RuntimeWarning",
};

struct nn_mval *nn_m2m_builtin_class(struct nn_m2m_eval *ev, const char *name)
{
    for (size_t i = 0; i < sizeof exceptions / sizeof *exceptions; i++)
        if (strcmp(exceptions[i], name) == 0)
            return nn_m2m_path(ev, nn_arena_printf(ev->a, "builtins.%s", name));
    return NULL;
}

/* A copy of v for copy.copy (deep = 0: the container or the instance of a
 * user class only) or copy.deepcopy (every nested list, tuple, dict and
 * instance); NULL after an error.  Immutable values are shared, as CPython
 * shares them; a value whose copy the evaluator cannot make (a framework
 * value) is an error rather than a shared reference that later mutation
 * would betray. */
static struct nn_mval *copy_value(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                  struct nn_mval *v, int deep)
{
    switch (v->kind) {
    case NN_MV_NONE: case NN_MV_BOOL: case NN_MV_INT: case NN_MV_FLOAT: case NN_MV_STR:
    case NN_MV_PATH: case NN_MV_FUNC: case NN_MV_CLASS: case NN_MV_BUILTIN:
        return v;
    case NN_MV_LIST: case NN_MV_TUPLE: case NN_MV_DICT: case NN_MV_OBJ: break;
    default:
        return nn_m2m_fail(ev, at, nn_arena_printf(ev->a, "a copy of %s cannot be made "
                                                   "statically", nn_m2m_describe(ev, v)));
    }
    if (!nn_depth_enter(&ev->nest, ev->d, nn_m2m_loc(ev, at)))
        return NULL;
    if (v->kind == NN_MV_OBJ) { /* its attributes, in definition order */
        struct nn_mval *o = nn_m2m_obj_new(ev, v->cls);
        for (struct nn_m2m_bind *b = v->env->first; o && b; b = b->next) {
            struct nn_mval *item = deep ? copy_value(ev, at, b->val, 1) : b->val;
            if (!item || item->kind == NN_MV_UNKNOWN) {
                o = item;
                break;
            }
            nn_m2m_bind(ev, o->env, b->name, item);
        }
        nn_depth_leave(&ev->nest);
        return o;
    }
    struct nn_mval *c = nn_m2m_seq(ev, v->kind, v->n);
    for (size_t i = 0; c && i < v->n; i++) {
        struct nn_mval *item = deep ? copy_value(ev, at, v->items[i], 1) : v->items[i];
        if (!item || item->kind == NN_MV_UNKNOWN) {
            c = item;
            break;
        }
        if (v->kind == NN_MV_DICT)
            nn_m2m_dict_set(ev, c, v->keys[i], item);
        else
            nn_m2m_push(ev, c, item);
    }
    nn_depth_leave(&ev->nest);
    return c;
}

/* copy.copy(v) and copy.deepcopy(v) (no memo argument). */
static struct nn_mval *copy_call(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                 struct nn_m2m_args *a, int deep)
{
    if (a->npos != 1 || a->nkw)
        return nn_m2m_fail(ev, at, deep ? "copy.deepcopy takes one argument here (no memo)"
                                        : "copy.copy takes one argument");
    return copy_value(ev, at, a->pos[0], deep);
}

struct nn_mval *nn_m2m_b_copy(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                              struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    return copy_call(ev, at, a, 0);
}

struct nn_mval *nn_m2m_b_deepcopy(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                  struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    return copy_call(ev, at, a, 1);
}

/* chr(i): the one-code-point str (UTF-8); surrogates, which a str of
 * generated Python cannot hold, are refused like out-of-range values. */
struct nn_mval *nn_m2m_b_chr(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *v = arg(a, 0);
    if (!v || a->npos != 1 || (v->kind != NN_MV_INT && v->kind != NN_MV_BOOL))
        return nn_m2m_fail(ev, at, "chr() of this value cannot be evaluated statically");
    long long c = v->i;
    if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return nn_m2m_fail(ev, at, "chr() argument not in range");
    if (c == 0)
        return nn_m2m_fail(ev, at, "chr(0) cannot be held by the evaluator's strings");
    char s[5] = {0};
    nn_py_utf8_put(s, (unsigned long)c); /* the lexer's encoder */
    const char *kept = nn_arena_strdup(ev->a, s); /* the str keeps its pointer */
    return kept ? nn_m2m_str(ev, kept) : NULL;
}

/* ord(c): the code point of a one-code-point str. */
struct nn_mval *nn_m2m_b_ord(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *v = arg(a, 0);
    if (!v || a->npos != 1 || v->kind != NN_MV_STR || nn_m2m_utf8_len(v->s) != 1)
        return nn_m2m_fail(ev, at, "ord() of this value cannot be evaluated statically");
    int len;
    long c = nn_py_utf8_get((const unsigned char *)v->s, strlen(v->s), &len);
    return nn_m2m_int(ev, c);
}
