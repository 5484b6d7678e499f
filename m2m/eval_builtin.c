/* eval_builtin.c - the Python builtins and methods a model-building program uses,
 * as one table of (name, function). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m2m/eval_int.h"

typedef struct nn_mval *builtin_fn(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                   struct nn_mval *self, struct nn_m2m_args *a);

/* The i-th positional argument or NULL. */
static struct nn_mval *arg(struct nn_m2m_args *a, size_t i)
{
    return i < a->npos ? a->pos[i] : NULL;
}

static struct nn_mval *bad(struct nn_m2m_eval *ev, const struct nn_py_node *at, const char *what)
{
    return nn_m2m_fail(ev, at, nn_arena_printf(ev->a, "cannot evaluate %s statically", what));
}

const char *nn_m2m_to_str(struct nn_m2m_eval *ev, struct nn_mval *v)
{
    switch (v->kind) {
    case NN_MV_STR: return v->s;
    case NN_MV_INT: return nn_arena_printf(ev->a, "%lld", v->i);
    case NN_MV_BOOL: return v->i ? "True" : "False";
    case NN_MV_FLOAT: return nn_m2m_float_repr(ev->a, v->f);
    case NN_MV_NONE: return "None";
    default: return NULL;
    }
}

/* range(stop) / range(start, stop[, step]) as a list of ints. */
static struct nn_mval *b_range(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    long long v[3] = {0, 0, 1};
    for (size_t i = 0; i < a->npos && i < 3; i++) {
        if (a->pos[i]->kind != NN_MV_INT && a->pos[i]->kind != NN_MV_BOOL)
            return bad(ev, at, "range() with bounds not known statically");
        v[i] = a->pos[i]->i;
    }
    if (a->npos == 1) {
        v[1] = v[0];
        v[0] = 0;
    }
    /* In double: the bounds may be anything a file writes. */
    if (v[2] == 0 || ((double)v[1] - (double)v[0]) / (double)v[2] > NN_M2M_MAX_ITEMS)
        return bad(ev, at, "a range() this long");
    struct nn_mval *l = nn_m2m_seq(ev, NN_MV_LIST, 8);
    for (long long i = v[0]; l && (v[2] > 0 ? i < v[1] : i > v[1]); i += v[2])
        nn_m2m_push(ev, l, nn_m2m_int(ev, i));
    return l;
}

static struct nn_mval *b_len(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *v = arg(a, 0);
    if (nn_m2m_container_of(v))
        v = nn_m2m_container_of(v);
    if (v && (v->kind == NN_MV_LIST || v->kind == NN_MV_TUPLE || v->kind == NN_MV_DICT))
        return nn_m2m_int(ev, (long long)v->n);
    if (v && v->kind == NN_MV_STR)
        return nn_m2m_int(ev, (long long)nn_m2m_utf8_len(v->s));
    return bad(ev, at, "len() of this value");
}

/* int(text[, base]) as CPython computes it, or an error. */
static struct nn_mval *int_of_text(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                   struct nn_mval *v, struct nn_mval *base)
{
    long long r;
    if (v->kind != NN_MV_STR || (base && base->kind != NN_MV_INT))
        return bad(ev, at, "int() with a base of this value");
    if (base && base->i != 0 && (base->i < 2 || base->i > 36))
        return nn_m2m_fail(ev, at, "int() base must be >= 2 and <= 36, or 0");
    int st = nn_m2m_parse_int(v->s, base ? (int)base->i : 10, &r);
    if (st == 2)
        return nn_m2m_fail(ev, at, "an integer beyond 64 bits");
    if (st)
        return nn_m2m_fail(ev, at, nn_arena_printf(ev->a, "'%s' is not an integer literal "
                                                   "int() reads", v->s));
    return nn_m2m_int(ev, r);
}

static struct nn_mval *b_int(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *v = arg(a, 0);
    if (!v)
        return nn_m2m_int(ev, 0);
    struct nn_mval *base = arg(a, 1) ? arg(a, 1) : nn_m2m_kwarg(a, "base");
    if (base)
        return int_of_text(ev, at, v, base);
    if (nn_m2m_is_num(v) && fabs(nn_m2m_num(v)) < 9.2e18)
        return nn_m2m_int(ev, v->kind == NN_MV_FLOAT ? (long long)v->f : v->i);
    if (v->kind == NN_MV_STR)
        return int_of_text(ev, at, v, NULL);
    return bad(ev, at, "int() of this value");
}

static struct nn_mval *b_float(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *v = arg(a, 0);
    struct nn_mval *r = nn_m2m_new(ev, NN_MV_FLOAT);
    if (r && v && nn_m2m_is_num(v))
        r->f = nn_m2m_num(v);
    else if (r && v && v->kind == NN_MV_STR)
        r->f = strtod(v->s, NULL);
    else if (v)
        return bad(ev, at, "float() of this value");
    return r;
}

static struct nn_mval *b_str(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    const char *s = arg(a, 0) ? nn_m2m_to_str(ev, arg(a, 0)) : "";
    return s ? nn_m2m_str(ev, s) : bad(ev, at, "str() of this value");
}

static struct nn_mval *b_bool(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                              struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    int t = arg(a, 0) ? nn_m2m_truth(arg(a, 0)) : 0;
    if (t < 0)
        return bad(ev, at, "bool() of this value");
    struct nn_mval *r = nn_m2m_new(ev, NN_MV_BOOL);
    if (r)
        r->i = t;
    return r;
}

/* list(x) / tuple(x): a fresh sequence of x's items. */
static struct nn_mval *to_seq(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                              struct nn_m2m_args *a, enum nn_mv_kind k)
{
    struct nn_mval *r = nn_m2m_seq(ev, k, 8);
    if (!arg(a, 0))
        return r;
    struct nn_mval *it = nn_m2m_iterable(ev, at, arg(a, 0));
    if (!it)
        return bad(ev, at, "this conversion");
    for (size_t i = 0; r && i < it->n; i++)
        nn_m2m_push(ev, r, it->items[i]);
    return r;
}

static struct nn_mval *b_list(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                              struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    return to_seq(ev, at, a, NN_MV_LIST);
}

static struct nn_mval *b_tuple(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    return to_seq(ev, at, a, NN_MV_TUPLE);
}

/* dict(), dict(pairs), dict(k=v), OrderedDict(...). */
static struct nn_mval *b_dict(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                              struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *d = nn_m2m_seq(ev, NN_MV_DICT, 8);
    struct nn_mval *src = arg(a, 0);
    if (src && src->kind == NN_MV_DICT) {
        for (size_t i = 0; d && i < src->n; i++)
            nn_m2m_dict_set(ev, d, src->keys[i], src->items[i]);
    } else if (src) {
        struct nn_mval *it = nn_m2m_iterable(ev, at, src);
        for (size_t i = 0; it && d && i < it->n; i++) {
            struct nn_mval *p = it->items[i];
            if ((p->kind != NN_MV_TUPLE && p->kind != NN_MV_LIST) || p->n != 2)
                return bad(ev, at, "dict() of these items");
            nn_m2m_dict_set(ev, d, p->items[0], p->items[1]);
        }
        if (!it)
            return bad(ev, at, "dict() of this value");
    }
    for (size_t i = 0; d && i < a->nkw; i++)
        nn_m2m_dict_set(ev, d, nn_m2m_str(ev, a->kwname[i]), a->kw[i]);
    return d;
}

/* enumerate(seq, start=0) */
static struct nn_mval *b_enumerate(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                   struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *it = arg(a, 0) ? nn_m2m_iterable(ev, at, arg(a, 0)) : NULL;
    if (!it)
        return bad(ev, at, "enumerate() of this value");
    long long start = arg(a, 1) && arg(a, 1)->kind == NN_MV_INT ? arg(a, 1)->i : 0;
    struct nn_mval *r = nn_m2m_seq(ev, NN_MV_LIST, it->n);
    for (size_t i = 0; r && i < it->n; i++) {
        struct nn_mval *p = nn_m2m_seq(ev, NN_MV_TUPLE, 2);
        nn_m2m_push(ev, p, nn_m2m_int(ev, start + (long long)i));
        nn_m2m_push(ev, p, it->items[i]);
        nn_m2m_push(ev, r, p);
    }
    return r;
}

/* zip(a, b, ...) */
static struct nn_mval *b_zip(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    size_t n = (size_t)-1;
    struct nn_mval **its = nn_arena_alloc(ev->a, (a->npos + 1) * sizeof *its);
    for (size_t k = 0; its && k < a->npos; k++) {
        its[k] = nn_m2m_iterable(ev, at, a->pos[k]);
        if (!its[k])
            return bad(ev, at, "zip() of this value");
        n = its[k]->n < n ? its[k]->n : n;
    }
    struct nn_mval *r = nn_m2m_seq(ev, NN_MV_LIST, 8);
    for (size_t i = 0; r && a->npos && i < n; i++) {
        struct nn_mval *t = nn_m2m_seq(ev, NN_MV_TUPLE, a->npos);
        for (size_t k = 0; t && k < a->npos; k++)
            nn_m2m_push(ev, t, its[k]->items[i]);
        nn_m2m_push(ev, r, t);
    }
    return r;
}

/* min/max/sum over arguments or one sequence. */
static struct nn_mval *fold(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                            struct nn_m2m_args *a, int which)
{
    struct nn_mval **v = a->pos;
    size_t n = a->npos;
    if (n == 1 && arg(a, 0) && (arg(a, 0)->kind == NN_MV_LIST || arg(a, 0)->kind == NN_MV_TUPLE)) {
        v = arg(a, 0)->items;
        n = arg(a, 0)->n;
    }
    struct nn_mval *best = which == 2 ? nn_m2m_int(ev, 0) : NULL;
    for (size_t i = 0; i < n; i++) {
        if (!nn_m2m_is_num(v[i]))
            return bad(ev, at, "this min/max/sum");
        if (which == 2)
            best = nn_m2m_binop(ev, at, NN_PYOP_Add, best, v[i]);
        else if (!best)
            best = v[i];
        else {
            int c = nn_m2m_order(which == 0 ? NN_PYOP_Lt : NN_PYOP_Gt, v[i], best);
            if (c < 0)
                return bad(ev, at, "this min/max");
            best = c ? v[i] : best;
        }
    }
    return best ? best : bad(ev, at, "min/max of nothing");
}

static struct nn_mval *b_min(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    return fold(ev, at, a, 0);
}

static struct nn_mval *b_max(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    return fold(ev, at, a, 1);
}

static struct nn_mval *b_sum(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    return fold(ev, at, a, 2);
}

static struct nn_mval *b_abs(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    struct nn_mval *v = arg(a, 0);
    if (!v || !nn_m2m_is_num(v))
        return bad(ev, at, "abs() of this value");
    if (nn_m2m_num(v) >= 0)
        return v;
    return nn_m2m_binop(ev, at, NN_PYOP_Mult, v, nn_m2m_int(ev, -1));
}

static struct nn_mval *b_noop(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                              struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)at, (void)self, (void)a;
    return nn_m2m_new(ev, NN_MV_NONE);
}

/* isinstance(x, int|float|str|list|tuple|dict|(...)) for static values. */
static struct nn_mval *b_isinstance(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                    struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    static const char *const kinds[] = {[NN_MV_INT] = "int", [NN_MV_FLOAT] = "float",
                                        [NN_MV_STR] = "str", [NN_MV_LIST] = "list",
                                        [NN_MV_TUPLE] = "tuple", [NN_MV_DICT] = "dict",
                                        [NN_MV_BOOL] = "bool"};
    struct nn_mval *v = arg(a, 0), *t = arg(a, 1);
    struct nn_mval *more = v && t ? nn_m2m_isinstance_more(ev, at, v, t) : &nn_m2m_unhandled;
    if (more != &nn_m2m_unhandled)
        return more;
    if (v && t && v->kind == NN_MV_HOST) /* a framework value (a tensor) is no builtin type */
        return nn_m2m_new(ev, NN_MV_BOOL);
    if (!v || !t || v->kind > NN_MV_DICT || v->kind == NN_MV_UNKNOWN)
        return bad(ev, at, "isinstance() of this value");
    struct nn_mval one = *t, *single = t;
    struct nn_mval **types = t->kind == NN_MV_TUPLE ? t->items : &single;
    size_t n = t->kind == NN_MV_TUPLE ? t->n : 1;
    (void)one;
    struct nn_mval *r = nn_m2m_new(ev, NN_MV_BOOL);
    for (size_t i = 0; r && i < n; i++)
        if (types[i]->kind == NN_MV_BUILTIN && kinds[v->kind] &&
            (strcmp(types[i]->s, kinds[v->kind]) == 0 ||
             (v->kind == NN_MV_BOOL && strcmp(types[i]->s, "int") == 0)))
            r->i = 1;
    return r;
}

/* getattr(obj, name[, default]) */
static struct nn_mval *b_getattr(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                 struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    if (!arg(a, 1) || arg(a, 1)->kind != NN_MV_STR)
        return bad(ev, at, "getattr() with this name");
    if (arg(a, 0)->kind == NN_MV_OBJ && arg(a, 2) &&
        !nn_m2m_lookup_here(arg(a, 0)->env, arg(a, 1)->s) && !nn_m2m_method(arg(a, 0)->cls, arg(a, 1)->s))
        return arg(a, 2);
    return nn_m2m_getattr(ev, at, arg(a, 0), arg(a, 1)->s);
}

/* setattr(obj, name, value) */
static struct nn_mval *b_setattr(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                 struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)self;
    if (a->npos != 3 || a->pos[0]->kind != NN_MV_OBJ || a->pos[1]->kind != NN_MV_STR)
        return bad(ev, at, "this setattr()");
    if (ev->host->stored)
        ev->host->stored(ev, a->pos[0], a->pos[1]->s, a->pos[2]);
    nn_m2m_bind(ev, a->pos[0]->env, a->pos[1]->s, a->pos[2]);
    return nn_m2m_new(ev, NN_MV_NONE);
}

/* list.append(x) */
static struct nn_mval *m_append(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *self, struct nn_m2m_args *a)
{
    if (self->kind != NN_MV_LIST || a->npos != 1)
        return bad(ev, at, "this append()");
    nn_m2m_push(ev, self, a->pos[0]);
    return nn_m2m_new(ev, NN_MV_NONE);
}

/* list.extend(seq) */
static struct nn_mval *m_extend(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *self, struct nn_m2m_args *a)
{
    struct nn_mval *it = arg(a, 0) ? nn_m2m_iterable(ev, at, arg(a, 0)) : NULL;
    if (self->kind != NN_MV_LIST || !it)
        return bad(ev, at, "this extend()");
    return nn_m2m_extend(ev, at, self, it) ? nn_m2m_new(ev, NN_MV_NONE) : NULL;
}

/* list.insert(i, x) */
static struct nn_mval *m_insert(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *self, struct nn_m2m_args *a)
{
    if (self->kind != NN_MV_LIST || a->npos != 2 || a->pos[0]->kind != NN_MV_INT)
        return bad(ev, at, "this insert()");
    long long i = a->pos[0]->i < 0 ? a->pos[0]->i + (long long)self->n : a->pos[0]->i;
    i = i < 0 ? 0 : i > (long long)self->n ? (long long)self->n : i;
    nn_m2m_push(ev, self, a->pos[1]);
    memmove(self->items + i + 1, self->items + i, (self->n - 1 - (size_t)i) * sizeof *self->items);
    self->items[i] = a->pos[1];
    return nn_m2m_new(ev, NN_MV_NONE);
}

/* list.pop([i]) */
static struct nn_mval *m_pop(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    if (self->kind == NN_MV_DICT)
        return nn_m2m_dict_pop(ev, at, self, a);
    if (self->kind != NN_MV_LIST || self->n == 0)
        return bad(ev, at, "this pop()");
    long long i = arg(a, 0) && arg(a, 0)->kind == NN_MV_INT ? arg(a, 0)->i : -1;
    i = i < 0 ? i + (long long)self->n : i;
    if (i < 0 || i >= (long long)self->n)
        return bad(ev, at, "this pop()");
    struct nn_mval *v = self->items[i];
    memmove(self->items + i, self->items + i + 1, (self->n - 1 - (size_t)i) * sizeof *self->items);
    self->n--;
    return v;
}

/* dict.items() / keys() / values() as lists. */
static struct nn_mval *dict_view(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                 struct nn_mval *self, int which)
{
    if (self->kind != NN_MV_DICT)
        return bad(ev, at, "this dict method");
    struct nn_mval *r = nn_m2m_seq(ev, NN_MV_LIST, self->n);
    for (size_t i = 0; r && i < self->n; i++) {
        if (which == 0) {
            struct nn_mval *p = nn_m2m_seq(ev, NN_MV_TUPLE, 2);
            nn_m2m_push(ev, p, self->keys[i]);
            nn_m2m_push(ev, p, self->items[i]);
            nn_m2m_push(ev, r, p);
        } else {
            nn_m2m_push(ev, r, which == 1 ? self->keys[i] : self->items[i]);
        }
    }
    return r;
}

static struct nn_mval *m_items(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)a;
    return dict_view(ev, at, self, 0);
}

static struct nn_mval *m_keys(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                              struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)a;
    return dict_view(ev, at, self, 1);
}

static struct nn_mval *m_values(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *self, struct nn_m2m_args *a)
{
    (void)a;
    return dict_view(ev, at, self, 2);
}

/* dict.get(k[, default]) */
static struct nn_mval *m_get(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                             struct nn_mval *self, struct nn_m2m_args *a)
{
    if (self->kind != NN_MV_DICT || !arg(a, 0))
        return bad(ev, at, "this get()");
    struct nn_mval *v = nn_m2m_dict_get(self, arg(a, 0));
    return v ? v : arg(a, 1) ? arg(a, 1) : nn_m2m_new(ev, NN_MV_NONE);
}

/* dict.update(other) */
static struct nn_mval *m_update(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *self, struct nn_m2m_args *a)
{
    if (self->kind != NN_MV_DICT || (arg(a, 0) && arg(a, 0)->kind != NN_MV_DICT))
        return bad(ev, at, "this update()");
    for (size_t i = 0; arg(a, 0) && i < arg(a, 0)->n; i++)
        nn_m2m_dict_set(ev, self, arg(a, 0)->keys[i], arg(a, 0)->items[i]);
    for (size_t i = 0; i < a->nkw; i++)
        nn_m2m_dict_set(ev, self, nn_m2m_str(ev, a->kwname[i]), a->kw[i]);
    return nn_m2m_new(ev, NN_MV_NONE);
}

/* str.format with {} and {0} fields. */
static struct nn_mval *m_format(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *self, struct nn_m2m_args *a)
{
    const char *out = self->kind == NN_MV_STR ? nn_m2m_str_format(ev, self->s, a) : NULL;
    return out ? nn_m2m_str(ev, out) : bad(ev, at, "this format() (nnc computes fields {}, "
                                                   "{N} and {name} with the format specs of "
                                                   "f-strings)");
}

static struct nn_mval *b_math(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                              struct nn_mval *self, struct nn_m2m_args *a, double (*f)(double),
                              int as_int)
{
    (void)self;
    struct nn_mval *x = arg(a, 0);
    if (!x || !nn_m2m_is_num(x))
        return bad(ev, at, "this math function");
    if (as_int && x->kind != NN_MV_FLOAT)
        return nn_m2m_int(ev, x->i); /* floor and ceil of an int: itself, exactly */
    double r = f(nn_m2m_num(x));
    if (isnan(r) && !isnan(nn_m2m_num(x)))
        return nn_m2m_fail(ev, at, "math domain error");
    if (as_int && !(r >= -9223372036854775808.0 && r < 9223372036854775808.0))
        return nn_m2m_fail(ev, at, "an integer beyond 64 bits");
    if (as_int)
        return nn_m2m_int(ev, (long long)r);
    struct nn_mval *v = nn_m2m_new(ev, NN_MV_FLOAT);
    if (v)
        v->f = r;
    return v;
}

static struct nn_mval *b_floor(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_mval *self, struct nn_m2m_args *a)
{
    return b_math(ev, at, self, a, floor, 1);
}

static struct nn_mval *b_ceil(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                              struct nn_mval *self, struct nn_m2m_args *a)
{
    return b_math(ev, at, self, a, ceil, 1);
}

static struct nn_mval *b_sqrt(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                              struct nn_mval *self, struct nn_m2m_args *a)
{
    return b_math(ev, at, self, a, sqrt, 0);
}

/* Builtins by name (free functions), and methods of static values. */
static const struct {
    const char *name;
    builtin_fn *fn;
    int method;    /* 1: a method of list/dict/str values */
} builtins[] = {
    {"range", b_range, 0},       {"len", b_len, 0},         {"int", b_int, 0},
    {"float", b_float, 0},       {"str", b_str, 0},         {"bool", b_bool, 0},
    {"list", b_list, 0},         {"tuple", b_tuple, 0},     {"dict", b_dict, 0},
    {"enumerate", b_enumerate, 0}, {"zip", b_zip, 0},       {"min", b_min, 0},
    {"max", b_max, 0},           {"sum", b_sum, 0},         {"abs", b_abs, 0},
    {"print", b_noop, 0},        {"isinstance", b_isinstance, 0},
    {"getattr", b_getattr, 0},   {"setattr", b_setattr, 0}, {"__noop__", b_noop, 0},
    {"append", m_append, 1},     {"extend", m_extend, 1},   {"insert", m_insert, 1},
    {"pop", m_pop, 1},           {"items", m_items, 1},     {"keys", m_keys, 1},
    {"values", m_values, 1},     {"get", m_get, 1},         {"update", m_update, 1},
    {"format", m_format, 1},     {"__partial__", nn_m2m_partial_call, 1},
    {"round", nn_m2m_b_round, 0}, {"reversed", nn_m2m_b_reversed, 0},
    {"sorted", nn_m2m_b_sorted, 0}, {"set", nn_m2m_b_set, 0}, {"hasattr", nn_m2m_b_hasattr, 0},
    {"divmod", nn_m2m_b_divmod, 0}, {"any", nn_m2m_b_any, 0}, {"all", nn_m2m_b_all, 0},
    {"startswith", nn_m2m_m_startswith, 1}, {"endswith", nn_m2m_m_endswith, 1},
    {"chr", nn_m2m_b_chr, 0}, {"ord", nn_m2m_b_ord, 0},
};

/* External functions the evaluator knows itself, by dotted path. */
static const struct {
    const char *path;
    builtin_fn *fn;
} paths[] = {
    {"collections.OrderedDict", b_dict}, {"math.floor", b_floor}, {"math.ceil", b_ceil},
    {"math.sqrt", b_sqrt}, {"math.log", nn_m2m_b_log},
    {"copy.copy", nn_m2m_b_copy}, {"copy.deepcopy", nn_m2m_b_deepcopy},
};

struct nn_mval *nn_m2m_builtin_named(struct nn_m2m_eval *ev, const char *name)
{
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
        if (!builtins[i].method && strcmp(builtins[i].name, name) == 0) {
            struct nn_mval *b = nn_m2m_new(ev, NN_MV_BUILTIN);
            if (b)
                b->s = builtins[i].name;
            return b;
        }
    return NULL;
}

struct nn_mval *nn_m2m_builtin_call(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                    struct nn_mval *fn, struct nn_m2m_args *args)
{
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
        if (strcmp(builtins[i].name, fn->s) == 0 && builtins[i].method == (fn->self != NULL))
            return builtins[i].fn(ev, at, fn->self, args);
    return nn_m2m_fail(ev, at, nn_arena_printf(ev->a, "'%s' cannot be evaluated statically",
                                               fn->s));
}

struct nn_mval *nn_m2m_builtin_path(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                    struct nn_mval *fn, struct nn_m2m_args *args)
{
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        if (strcmp(paths[i].path, fn->s) == 0)
            return paths[i].fn(ev, at, NULL, args);
    return nn_m2m_inert_path(ev, at, fn, args);
}
