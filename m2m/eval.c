/* eval.c - expressions and statements of the shared evaluator (see eval.h). */
#include "m2m/eval.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "m2m/eval_int.h"
#include "metamodel/suggest.h"


void nn_m2m_eval_init(struct nn_m2m_eval *ev, struct nn_arena *a, struct nn_source *src,
                      struct nn_diag_sink *d, const struct nn_m2m_host *host, void *ud)
{
    memset(ev, 0, sizeof *ev);
    ev->a = a;
    ev->src = src;
    ev->d = d;
    ev->host = host;
    ev->ud = ud;
    ev->lenient = 1;
    ev->globals = nn_m2m_env_new(ev, NULL);
}

/* Something the evaluator cannot do: UNKNOWN in lenient mode, else unmappable. */
int nn_m2m_step(struct nn_m2m_eval *ev, const struct nn_py_node *at)
{
    if (++ev->steps <= NN_M2M_MAX_STEPS)
        return 1;
    if (ev->steps == NN_M2M_MAX_STEPS + 1)
        nn_m2m_unmappable(ev, at, "the code runs too long to be evaluated statically "
                                  "(more than %ld loop iterations and calls)", NN_M2M_MAX_STEPS);
    return 0;
}

struct nn_mval *nn_m2m_fail(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                            const char *msg)
{
    if (ev->lenient) {
        struct nn_mval *u = nn_m2m_new(ev, NN_MV_UNKNOWN);
        if (u) {
            u->node = at;
            u->s = msg;
        }
        return u;
    }
    return nn_m2m_unmappable(ev, at, "%s", msg);
}

/* A Constant node as a value. */
static struct nn_mval *constant(struct nn_m2m_eval *ev, const struct nn_py_node *e)
{
    struct nn_mval *v;
    switch (e->op) {
    case NN_PYC_NONE: return nn_m2m_new(ev, NN_MV_NONE);
    case NN_PYC_TRUE:
    case NN_PYC_FALSE:
        v = nn_m2m_new(ev, NN_MV_BOOL);
        if (v)
            v->i = e->op == NN_PYC_TRUE;
        return v;
    case NN_PYC_INT:
        errno = 0;
        v = nn_m2m_int(ev, strtoll(e->s[0], NULL, 10));
        return errno == ERANGE ? nn_m2m_fail(ev, e, "an integer beyond 64 bits") : v;
    case NN_PYC_FLOAT:
        v = nn_m2m_new(ev, NN_MV_FLOAT);
        if (v)
            v->f = e->dval;
        return v;
    case NN_PYC_STR: return nn_m2m_str(ev, nn_arena_strndup(ev->a, e->s[0], e->slen));
    default: return nn_m2m_fail(ev, e, "this constant has no meaning in a model");
    }
}

/* Names looked at for a did-you-mean (the innermost scopes first). */
#define SUGGEST_NAMES 2000

/* " (did you mean 'x'?)" for a name close to one bound in env or the module, else "". */
static const char *did_you_mean(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const char *name)
{
    const char *names[SUGGEST_NAMES];
    size_t n = 0, best[1];
    for (struct nn_m2m_env *s = env; s; s = s->parent ? s->parent : s == ev->globals ? NULL : ev->globals)
        for (struct nn_m2m_bind *b = s->first; b && n < SUGGEST_NAMES; b = b->next)
            if (b->name[0] != '_')
                names[n++] = b->name;
    if (nn_suggest(name, names, n, best, 1) == 0)
        return "";
    return nn_arena_printf(ev->a, " (did you mean '%s'?)", names[best[0]]);
}

/* A name: local scopes, then the module, then builtins. */
static struct nn_mval *name(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                            const struct nn_py_node *e)
{
    struct nn_mval *v = nn_m2m_lookup(env, e->s[0]);
    if (!v)
        v = nn_m2m_lookup(ev->globals, e->s[0]);
    if (!v)
        v = nn_m2m_builtin_named(ev, e->s[0]);
    if (!v)
        v = nn_m2m_builtin_class(ev, e->s[0]);
    if (!v && ev->star_imports) { /* from M import *: the first such module */
        size_t n = strcspn(ev->star_imports, " ");
        v = nn_m2m_path(ev, nn_arena_printf(ev->a, "%.*s.%s", (int)n, ev->star_imports, e->s[0]));
    }
    if (!v)
        return nn_m2m_fail(ev, e, nn_arena_printf(ev->a, "'%s' is not defined%s", e->s[0],
                                                  did_you_mean(ev, env, e->s[0])));
    return v->kind == NN_MV_PATH && v->file ? nn_m2m_import_resolve(ev, e, v) : v;
}

/* Elements of a List or Tuple display, with *starred expansion. */
static struct nn_mval *display(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                               const struct nn_py_node *e, enum nn_mv_kind k)
{
    struct nn_mval *l = nn_m2m_seq(ev, k, nn_py_list_len(e->n[0]));
    if (!l)
        return NULL;
    for (const struct nn_py_node *it = e->n[0]; it; it = it->next) {
        int star = it->kind == NN_PY_Starred;
        struct nn_mval *v = nn_m2m_expr(ev, env, star ? it->n[0] : it);
        if (!v)
            return NULL;
        if (star && (v->kind == NN_MV_LIST || v->kind == NN_MV_TUPLE)) {
            for (size_t i = 0; i < v->n; i++)
                nn_m2m_push(ev, l, v->items[i]);
        } else if (star) {
            return nn_m2m_fail(ev, it, "cannot expand this value statically");
        } else {
            nn_m2m_push(ev, l, v);
        }
    }
    return l;
}

/* A dict display; ** entries merge static dicts. */
static struct nn_mval *dict(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                            const struct nn_py_node *e)
{
    struct nn_mval *d = nn_m2m_seq(ev, NN_MV_DICT, nn_py_list_len(e->n[1]));
    const struct nn_py_node *k = e->n[0], *v = e->n[1];
    for (; d && k && v; k = k->next, v = v->next) {
        struct nn_mval *val = nn_m2m_expr(ev, env, v);
        if (!val)
            return NULL;
        if (k->kind == NN_PY_NONE) {
            if (val->kind != NN_MV_DICT)
                return nn_m2m_fail(ev, v, "cannot expand this value statically");
            for (size_t i = 0; i < val->n; i++)
                nn_m2m_dict_set(ev, d, val->keys[i], val->items[i]);
            continue;
        }
        struct nn_mval *key = nn_m2m_expr(ev, env, k);
        if (!key)
            return NULL;
        nn_m2m_dict_set(ev, d, key, val);
    }
    return d;
}

/* obj.attr */
static struct nn_mval *attribute(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                 const struct nn_py_node *e)
{
    struct nn_mval *obj = nn_m2m_expr(ev, env, e->n[0]);
    if (!obj)
        return NULL;
    return nn_m2m_getattr(ev, e, obj, e->s[0]);
}

/* The value of a slice bound, or def when absent; -1 on an unknown bound. */
static int slice_bound(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                       const struct nn_py_node *b, long long def, long long n, long long *out)
{
    if (!b) {
        *out = def;
        return 0;
    }
    struct nn_mval *v = nn_m2m_expr(ev, env, b);
    if (!v || v->kind != NN_MV_INT)
        return -1;
    long long i = v->i < 0 ? v->i + n : v->i;
    *out = i < 0 ? 0 : i > n ? n : i;
    return 0;
}

/* seq[lo:hi] (step 1 only) of a list or tuple. */
static struct nn_mval *slice_seq(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                 const struct nn_py_node *e, struct nn_mval *seq)
{
    const struct nn_py_node *s = e->n[1];
    long long lo, hi, n = (long long)seq->n;
    if (s->n[2] || slice_bound(ev, env, s->n[0], 0, n, &lo) ||
        slice_bound(ev, env, s->n[1], n, n, &hi))
        return nn_m2m_fail(ev, e, "this slice cannot be evaluated statically");
    struct nn_mval *r = nn_m2m_seq(ev, seq->kind, hi > lo ? (size_t)(hi - lo) : 0);
    for (long long i = lo; r && i < hi; i++)
        nn_m2m_push(ev, r, seq->items[i]);
    return r;
}

struct nn_mval *nn_m2m_host_call(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                 struct nn_mval *fn, struct nn_m2m_args *args)
{
    if (!ev->host->call)
        return &nn_m2m_unhandled;
    const struct nn_py_node *outer = ev->site;
    ev->site = at;
    struct nn_mval *r = ev->host->call(ev, at, fn, args);
    ev->site = outer;
    return r;
}

struct nn_mval *nn_m2m_host_binop(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                                  struct nn_mval *a, struct nn_mval *b)
{
    if (!ev->host->binop)
        return &nn_m2m_unhandled;
    const struct nn_py_node *outer = ev->site;
    ev->site = at;
    struct nn_mval *r = ev->host->binop(ev, at, op, a, b);
    ev->site = outer;
    return r;
}

/* obj[index] for lists, tuples and dicts; HOST values go to the host. */
static struct nn_mval *subscript(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                 const struct nn_py_node *e)
{
    struct nn_mval *obj = nn_m2m_expr(ev, env, e->n[0]);
    if (!obj)
        return NULL;
    if (nn_m2m_container_of(obj)) /* a ModuleDict or ModuleList subclass */
        obj = nn_m2m_container_of(obj);
    if (obj->kind == NN_MV_HOST && ev->host->subscript) {
        ev->cur_env = env;
        const struct nn_py_node *outer = ev->site;
        ev->site = e;
        struct nn_mval *r = ev->host->subscript(ev, e, obj, e->n[1]);
        ev->site = outer;
        return r;
    }
    if ((obj->kind == NN_MV_LIST || obj->kind == NN_MV_TUPLE) && e->n[1]->kind == NN_PY_Slice)
        return slice_seq(ev, env, e, obj);
    struct nn_mval *key = nn_m2m_expr(ev, env, e->n[1]);
    if (!key)
        return NULL;
    if (obj->kind == NN_MV_DICT) {
        struct nn_mval *v = nn_m2m_dict_get(obj, key);
        return v ? v : nn_m2m_fail(ev, e, "no such key in this dict");
    }
    if ((obj->kind == NN_MV_LIST || obj->kind == NN_MV_TUPLE) && key->kind == NN_MV_INT) {
        long long i = key->i < 0 ? key->i + (long long)obj->n : key->i;
        if (i >= 0 && i < (long long)obj->n)
            return obj->items[i];
        return nn_m2m_fail(ev, e, "index out of range");
    }
    return nn_m2m_fail(ev, e, "this subscript cannot be evaluated statically");
}

/* Room for n more keyword arguments (a ** dict may hold any number). */
static int kw_room(struct nn_m2m_eval *ev, struct nn_m2m_args *args, size_t *cap, size_t n)
{
    if (args->nkw + n <= *cap)
        return 0;
    size_t ncap = args->nkw + n + 8;
    args->kwname = nn_arena_grow(ev->a, args->kwname, args->nkw, ncap, sizeof *args->kwname);
    args->kw = nn_arena_grow(ev->a, args->kw, args->nkw, ncap, sizeof *args->kw);
    args->kwnode = nn_arena_grow(ev->a, args->kwnode, args->nkw, ncap, sizeof *args->kwnode);
    *cap = ncap;
    return args->kwname && args->kw && args->kwnode ? 0 : -1;
}

/* Evaluate the arguments of a Call: 0, or -1 when the call cannot be made,
 * with *instead the value the call then has (NULL after an error; an
 * unknown when lenient or with --keep-going).  An argument left out would
 * shift the others or leave a default in place: never. */
static int call_args(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const struct nn_py_node *c,
                     struct nn_m2m_args *args, struct nn_mval **instead)
{
    *instead = NULL;
    size_t np = nn_py_list_len(c->n[1]) + 8, nk = nn_py_list_len(c->n[2]) + 8;
    memset(args, 0, sizeof *args);
    args->pos = nn_arena_alloc(ev->a, np * sizeof *args->pos);
    args->posnode = nn_arena_alloc(ev->a, np * sizeof *args->posnode);
    args->kwname = nn_arena_alloc(ev->a, nk * sizeof *args->kwname);
    args->kw = nn_arena_alloc(ev->a, nk * sizeof *args->kw);
    args->kwnode = nn_arena_alloc(ev->a, nk * sizeof *args->kwnode);
    if (!args->pos || !args->posnode || !args->kwname || !args->kw || !args->kwnode)
        return -1;
    for (const struct nn_py_node *a = c->n[1]; a; a = a->next) {
        int star = a->kind == NN_PY_Starred;
        struct nn_mval *v = nn_m2m_expr(ev, env, star ? a->n[0] : a);
        if (!v)
            return -1;
        if (!star) {
            args->posnode[args->npos] = a;
            args->pos[args->npos++] = v;
            continue;
        }
        if (v->kind != NN_MV_LIST && v->kind != NN_MV_TUPLE) {
            *instead = nn_m2m_fail(ev, a, "cannot expand this argument statically");
            return -1;
        }
        if (args->npos + v->n + 8 > np) {
            size_t ncap = args->npos + v->n + 8;
            args->pos = nn_arena_grow(ev->a, args->pos, args->npos, ncap, sizeof *args->pos);
            args->posnode =
                nn_arena_grow(ev->a, args->posnode, args->npos, ncap, sizeof *args->posnode);
            np = ncap;
            if (!args->pos || !args->posnode)
                return -1;
        }
        for (size_t i = 0; i < v->n; i++) {
            args->posnode[args->npos] = a;
            args->pos[args->npos++] = v->items[i];
        }
    }
    for (const struct nn_py_node *k = c->n[2]; k; k = k->next) {
        struct nn_mval *v = nn_m2m_expr(ev, env, k->n[0]);
        if (!v)
            return -1;
        if (k->s[0]) {
            args->kwnode[args->nkw] = k;
            args->kwname[args->nkw] = k->s[0];
            args->kw[args->nkw++] = v;
            continue;
        }
        if (v->kind != NN_MV_DICT) {
            *instead = nn_m2m_fail(ev, k, "cannot expand this argument statically");
            return -1;
        }
        if (kw_room(ev, args, &nk, v->n))
            return -1;
        for (size_t i = 0; i < v->n; i++) {
            if (v->keys[i]->kind != NN_MV_STR) {
                *instead = nn_m2m_fail(ev, k, "keywords must be strings");
                return -1;
            }
            args->kwnode[args->nkw] = k;
            args->kwname[args->nkw] = v->keys[i]->s;
            args->kw[args->nkw++] = v->items[i];
        }
    }
    return 0;
}

/* super() or super(C, self) inside a method. */
static struct nn_mval *super_call(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                  const struct nn_py_node *c)
{
    struct nn_mval *cls = nn_m2m_lookup(env, "__class__");
    struct nn_mval *self = nn_m2m_lookup(env, "__self__");
    if (c->n[1] && c->n[1]->next) {
        cls = nn_m2m_expr(ev, env, c->n[1]);
        self = nn_m2m_expr(ev, env, c->n[1]->next);
    }
    if (!cls || !self || cls->kind != NN_MV_CLASS)
        return nn_m2m_fail(ev, c, "super() outside a method");
    struct nn_mval *s = nn_m2m_new(ev, NN_MV_SUPER);
    if (s) {
        s->cls = cls;
        s->self = self;
    }
    return s;
}

/* A Call node. */
static struct nn_mval *call(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                            const struct nn_py_node *c)
{
    const struct nn_py_node *f = c->n[0];
    if (f->kind == NN_PY_Name && strcmp(f->s[0], "super") == 0 && !nn_m2m_lookup(env, "super"))
        return super_call(ev, env, c);
    struct nn_mval *fn = nn_m2m_expr(ev, env, f);
    if (!fn)
        return NULL;
    struct nn_m2m_args args;
    struct nn_mval *instead;
    if (call_args(ev, env, c, &args, &instead))
        return instead;
    ev->cur_env = env;
    return nn_m2m_call(ev, c, fn, &args);
}

/* A list comprehension (one or more generators, with conditions). */
static int comp_gen(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                    const struct nn_py_node *gen, const struct nn_py_node *elt,
                    struct nn_mval *out)
{
    if (!gen) {
        struct nn_mval *v = nn_m2m_expr(ev, env, elt);
        if (!v)
            return -1;
        nn_m2m_push(ev, out, v);
        return 0;
    }
    struct nn_mval *it = nn_m2m_iterable(ev, gen->n[1], nn_m2m_expr(ev, env, gen->n[1]));
    if (!it)
        return -1;
    for (size_t i = 0; i < it->n; i++) {
        if (!nn_m2m_step(ev, gen))
            return -1;
        if (nn_m2m_assign(ev, env, gen->n[0], it->items[i]))
            return -1;
        int keep = 1;
        for (const struct nn_py_node *cond = gen->n[2]; cond && keep; cond = cond->next) {
            struct nn_mval *t = nn_m2m_expr(ev, env, cond);
            if (!t)
                return -1;
            keep = nn_m2m_truth(t);
            if (keep < 0)
                return nn_m2m_fail(ev, cond, "condition not known statically") ? 0 : -1;
        }
        if (keep && comp_gen(ev, env, gen->next, elt, out))
            return -1;
    }
    return 0;
}

static struct nn_mval *listcomp(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                const struct nn_py_node *e)
{
    struct nn_m2m_env *inner = nn_m2m_env_new(ev, env);
    struct nn_mval *out = nn_m2m_seq(ev, NN_MV_LIST, 8);
    if (!inner || !out || comp_gen(ev, inner, e->n[1], e->n[0], out))
        return NULL;
    return out;
}

/* repr() of a str when it needs no escape: quoted as CPython quotes it; else NULL. */
static const char *simple_repr(struct nn_m2m_eval *ev, const char *s, int ascii)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F || *p == '\\' || (*p >= 0x80 && ascii))
            return NULL;
    if (!strchr(s, '\''))
        return nn_arena_printf(ev->a, "'%s'", s);
    return strchr(s, '"') ? NULL : nn_arena_printf(ev->a, "\"%s\"", s);
}

/* One replacement field {v!conversion:spec} of an f-string as text; NULL
 * when nnc cannot compute it exactly. */
static const char *field_text(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                              const struct nn_py_node *p, struct nn_mval *v)
{
    const char *spec = "";
    if (p->n[1]) {
        struct nn_mval *sv = nn_m2m_expr(ev, env, p->n[1]);
        if (!sv || sv->kind != NN_MV_STR)
            return NULL;
        spec = sv->s;
    }
    if ((p->ival == 'r' || p->ival == 'a') && v->kind == NN_MV_STR) {
        const char *r = simple_repr(ev, v->s, p->ival == 'a');
        v = r ? nn_m2m_str(ev, r) : NULL;
    } else if (p->ival == 's' || p->ival == 'r' || p->ival == 'a') {
        const char *t = nn_m2m_to_str(ev, v);
        v = t ? nn_m2m_str(ev, t) : NULL;
    }
    return v ? nn_m2m_format(ev, v, spec) : NULL;
}

/* Is v a framework value, or a tuple or list holding one (x.shape)? */
static int has_host(const struct nn_mval *v)
{
    if (v->kind == NN_MV_HOST)
        return 1;
    for (size_t i = 0; (v->kind == NN_MV_TUPLE || v->kind == NN_MV_LIST) && i < v->n; i++)
        if (v->items[i]->kind == NN_MV_HOST)
            return 1;
    return 0;
}

/* An f-string of static parts. */
static struct nn_mval *fstring(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                               const struct nn_py_node *e)
{
    const char *s = "";
    for (const struct nn_py_node *p = e->n[0]; p; p = p->next) {
        struct nn_mval *v = nn_m2m_expr(ev, env, p->kind == NN_PY_FormattedValue ? p->n[0] : p);
        if (!v)
            return NULL;
        const char *t = p->kind == NN_PY_FormattedValue ? field_text(ev, env, p, v)
                                                        : nn_m2m_to_str(ev, v);
        if (!t && has_host(v)) { /* a message about run-time values (torch._assert's):
                                    reported only if the string is used */
            struct nn_mval *u = nn_m2m_new(ev, NN_MV_UNKNOWN);
            if (u) {
                u->node = p;
                u->s = "this f-string formats a value known only at run time";
            }
            return u;
        }
        if (!t)
            return nn_m2m_fail(ev, p, "this f-string part is not known statically (nnc "
                                      "computes the format specs d s f e x o b % with fill, "
                                      "align, sign, 0, width and precision)");
        s = nn_arena_printf(ev->a, "%s%s", s, t);
    }
    return nn_m2m_str(ev, s);
}

/* x if c else y */
static struct nn_mval *ifexp(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                             const struct nn_py_node *e)
{
    struct nn_mval *t = nn_m2m_expr(ev, env, e->n[0]);
    if (!t)
        return NULL;
    int b = nn_m2m_truth(t);
    if (b < 0)
        return nn_m2m_fail(ev, e->n[0], "condition depends on data (data-dependent control flow)");
    return nn_m2m_expr(ev, env, b ? e->n[1] : e->n[2]);
}

/* a and b, a or b */
static struct nn_mval *boolop(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                              const struct nn_py_node *e)
{
    int is_and = e->n[0]->op == NN_PYOP_And;
    struct nn_mval *v = NULL;
    for (const struct nn_py_node *it = e->n[1]; it; it = it->next) {
        v = nn_m2m_expr(ev, env, it);
        if (!v)
            return NULL;
        int b = nn_m2m_truth(v);
        if (b < 0)
            return nn_m2m_fail(ev, it, "condition depends on data (data-dependent control flow)");
        if (b != is_and)
            return v;
    }
    return v;
}

/* A lambda: a function whose body is one expression. */
static struct nn_mval *lambda(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                              const struct nn_py_node *e)
{
    struct nn_mval *f = nn_m2m_new(ev, NN_MV_FUNC);
    if (f) {
        f->node = e;
        f->env = env;
    }
    return f;
}

/* Evaluate e by its kind. */
static struct nn_mval *expr_kind(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                 const struct nn_py_node *e)
{
    switch (e->kind) {
    case NN_PY_Constant: return constant(ev, e);
    case NN_PY_Name: return name(ev, env, e);
    case NN_PY_List: return display(ev, env, e, NN_MV_LIST);
    case NN_PY_Tuple: return display(ev, env, e, NN_MV_TUPLE);
    case NN_PY_Dict: return dict(ev, env, e);
    case NN_PY_Attribute: return attribute(ev, env, e);
    case NN_PY_Subscript: return subscript(ev, env, e);
    case NN_PY_Call: return call(ev, env, e);
    case NN_PY_BinOp: return nn_m2m_binop_expr(ev, env, e);
    case NN_PY_UnaryOp: return nn_m2m_unary_expr(ev, env, e);
    case NN_PY_Compare: return nn_m2m_compare_expr(ev, env, e);
    case NN_PY_BoolOp: return boolop(ev, env, e);
    case NN_PY_IfExp: return ifexp(ev, env, e);
    case NN_PY_ListComp:
    case NN_PY_GeneratorExp: return listcomp(ev, env, e);
    case NN_PY_JoinedStr: return fstring(ev, env, e);
    case NN_PY_Lambda: return lambda(ev, env, e);
    default:
        return nn_m2m_fail(ev, e, nn_arena_printf(ev->a, "'%s' expressions cannot be migrated",
                                                  nn_py_kind_names[e->kind]));
    }
}

struct nn_mval *nn_m2m_expr(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                            const struct nn_py_node *e)
{
    if (!nn_depth_enter(&ev->nest, ev->d, nn_m2m_loc(ev, e)))
        return NULL;
    struct nn_mval *v = expr_kind(ev, env, e);
    nn_depth_leave(&ev->nest);
    return v;
}

/* Bind the parameters of a user function from the arguments. */
static int bind_params(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                       struct nn_mval *fn, struct nn_m2m_env *local, struct nn_mval *self,
                       struct nn_m2m_args *args)
{
    const struct nn_py_node *a = fn->node->n[0];
    size_t nparams = nn_py_list_len(a->n[0]) + nn_py_list_len(a->n[1]);
    size_t ndef = nn_py_list_len(a->n[6]);
    const struct nn_py_node *defaults = a->n[6];
    size_t i = 0, used = 0;
    const struct nn_py_node *lists[2] = {a->n[0], a->n[1]};
    for (int l = 0; l < 2; l++)
        for (const struct nn_py_node *p = lists[l]; p; p = p->next, i++) {
            struct nn_mval *v = NULL;
            if (i == 0 && self)
                v = self;
            else if (used < args->npos)
                v = args->pos[used++];
            if (!v)
                v = nn_m2m_kwarg(args, p->s[0]);
            if (!v && i + ndef >= nparams) {
                const struct nn_py_node *d = defaults;
                for (size_t k = nparams - ndef; k < i; k++)
                    d = d->next;
                v = nn_m2m_expr(ev, fn->env, d);
            }
            if (!v) {
                nn_m2m_fail(ev, at, nn_arena_printf(ev->a, "missing argument '%s'", p->s[0]));
                return ev->lenient || ev->keep_going ? 0 : -1;
            }
            nn_m2m_bind(ev, local, p->s[0], v);
        }
    if (a->n[2]) {
        struct nn_mval *rest = nn_m2m_seq(ev, NN_MV_TUPLE, args->npos);
        for (; rest && used < args->npos; used++)
            nn_m2m_push(ev, rest, args->pos[used]);
        nn_m2m_bind(ev, local, a->n[2]->s[0], rest);
    }
    const struct nn_py_node *kd = a->n[4];
    for (const struct nn_py_node *p = a->n[3]; p; p = p->next, kd = kd ? kd->next : NULL) {
        struct nn_mval *v = nn_m2m_kwarg(args, p->s[0]);
        if (!v && kd && kd->kind != NN_PY_NONE)
            v = nn_m2m_expr(ev, fn->env, kd);
        if (v)
            nn_m2m_bind(ev, local, p->s[0], v);
    }
    if (a->n[5]) {
        struct nn_mval *kw = nn_m2m_seq(ev, NN_MV_DICT, args->nkw);
        for (size_t k = 0; kw && k < args->nkw; k++)
            if (!nn_m2m_lookup_here(local, args->kwname[k]))
                nn_m2m_dict_set(ev, kw, nn_m2m_str(ev, args->kwname[k]), args->kw[k]);
        nn_m2m_bind(ev, local, a->n[5]->s[0], kw);
    }
    return 0;
}

struct nn_mval *nn_m2m_call_func(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                 struct nn_mval *fn, struct nn_mval *self,
                                 struct nn_m2m_args *args)
{
    if (!nn_m2m_step(ev, at))
        return NULL;
    struct nn_m2m_env *local = nn_m2m_env_new(ev, fn->env);
    if (!local || bind_params(ev, at, fn, local, self, args))
        return NULL;
    if (fn->cls)
        nn_m2m_bind(ev, local, "__class__", fn->cls);
    if (self)
        nn_m2m_bind(ev, local, "__self__", self);
    if (!nn_depth_enter(&ev->nest, ev->d, nn_m2m_loc(ev, at)))
        return NULL;
    if (fn->node->kind == NN_PY_Lambda) {
        struct nn_mval *v = nn_m2m_expr(ev, local, fn->node->n[1]);
        nn_depth_leave(&ev->nest);
        return v;
    }
    int st = nn_m2m_exec_block(ev, local, fn->node->n[1]);
    nn_depth_leave(&ev->nest);
    if (st == NN_EX_ERR)
        return NULL;
    struct nn_mval *r = st == NN_EX_RET ? ev->ret : NULL;
    ev->ret = NULL;
    return r ? r : nn_m2m_new(ev, NN_MV_NONE);
}

struct nn_mval *nn_m2m_method(struct nn_mval *cls, const char *mname)
{
    if (!cls || cls->kind != NN_MV_CLASS)
        return NULL;
    struct nn_mval *m = nn_m2m_lookup_here(cls->env, mname);
    if (m)
        return m;
    for (size_t i = 0; i < cls->n; i++)
        if ((m = nn_m2m_method(cls->items[i], mname)))
            return m;
    return NULL;
}

int nn_m2m_class_derives(struct nn_mval *cls, int (*is_base)(const char *path))
{
    if (!cls)
        return 0;
    if (cls->kind == NN_MV_PATH)
        return is_base(cls->s);
    if (cls->kind != NN_MV_CLASS)
        return 0;
    for (size_t i = 0; i < cls->n; i++)
        if (nn_m2m_class_derives(cls->items[i], is_base))
            return 1;
    return 0;
}

struct nn_mval *nn_m2m_obj_new(struct nn_m2m_eval *ev, struct nn_mval *cls)
{
    struct nn_mval *o = nn_m2m_new(ev, NN_MV_OBJ);
    if (o) {
        o->cls = cls;
        o->env = nn_m2m_env_new(ev, NULL);
    }
    return o;
}

/* Instantiate a user class the host left alone: __init__ on a fresh object. */
static struct nn_mval *instantiate(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                   struct nn_mval *cls, struct nn_m2m_args *args)
{
    struct nn_mval *o = nn_m2m_obj_new(ev, cls);
    struct nn_mval *init = nn_m2m_method(cls, "__init__");
    if (o && init && init->kind == NN_MV_FUNC && !nn_m2m_call_func(ev, at, init, o, args))
        return NULL;
    return o;
}

/* A positional argument that is an unknown value with its own problem and
 * place (the first one in the data flow: reported rather than what follows). */
static struct nn_mval *earlier_problem(const struct nn_m2m_args *args)
{
    for (size_t i = 0; i < args->npos; i++) {
        struct nn_mval *v = args->pos[i];
        size_t n = v->kind == NN_MV_LIST || v->kind == NN_MV_TUPLE ? v->n : 1;
        for (size_t k = 0; k < n; k++) { /* merge([a, b]): its items too */
            struct nn_mval *u = n == 1 && v->kind != NN_MV_LIST && v->kind != NN_MV_TUPLE
                                    ? v : v->items[k];
            if (u->kind == NN_MV_UNKNOWN && u->node && u->s && !nn_m2m_reported(u))
                return u;
        }
    }
    return NULL;
}

/* While the module runs leniently, an unknown result of a host call gets a
 * place: the earlier problem it was computed from, or this call. */
static struct nn_mval *located(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_mval *fn, struct nn_m2m_args *args, struct nn_mval *r)
{
    if (!ev->lenient || !r || r->kind != NN_MV_UNKNOWN || r->node || r->s)
        return r;
    struct nn_mval *e = earlier_problem(args);
    if (e)
        return e;
    struct nn_mval *u = nn_m2m_new(ev, NN_MV_UNKNOWN);
    if (u) {
        u->node = at;
        u->s = nn_arena_printf(ev->a, "cannot map a call of %s", nn_m2m_describe(ev, fn));
    }
    return u;
}

struct nn_mval *nn_m2m_call(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                            struct nn_mval *fn, struct nn_m2m_args *args)
{
    struct nn_mval *r;
    switch (fn->kind) {
    case NN_MV_FUNC: /* the host may know the function (a generator's own helper) */
        r = nn_m2m_host_call(ev, at, fn, args);
        return r != &nn_m2m_unhandled ? r : nn_m2m_call_func(ev, at, fn, NULL, args);
    case NN_MV_BOUND:
        if (fn->fn->kind == NN_MV_FUNC)
            return nn_m2m_call_func(ev, at, fn->fn, fn->self, args);
        return nn_m2m_call(ev, at, fn->fn, args);
    case NN_MV_BUILTIN: return nn_m2m_builtin_call(ev, at, fn, args);
    case NN_MV_UNKNOWN:
        if (ev->lenient && !nn_m2m_reported(fn) && (r = earlier_problem(args)))
            return r;
        return ev->lenient || nn_m2m_reported(fn) ? fn
               : nn_m2m_fail(ev, fn->node ? fn->node : at, fn->s ? fn->s : "unknown callee");
    case NN_MV_PATH:
        r = nn_m2m_builtin_path(ev, at, fn, args);
        if (r != &nn_m2m_unhandled)
            return r;
        break;
    default: break;
    }
    r = nn_m2m_host_call(ev, at, fn, args);
    if (r != &nn_m2m_unhandled)
        return located(ev, at, fn, args, r);
    if (fn->kind == NN_MV_CLASS)
        return instantiate(ev, at, fn, args);
    return nn_m2m_fail(ev, at, nn_arena_printf(ev->a, "cannot map a call of %s",
                                               nn_m2m_describe(ev, fn)));
}
