/* eval_stmt.c - statements of the shared evaluator: assignment, loops with
 * static bounds, statically decided conditions, definitions, imports. */
#include <string.h>

#include "m2m/eval_int.h"


static int exec_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const struct nn_py_node *s);

/* A failed statement: skipped in lenient mode, an error otherwise. */
static int stmt_fail(struct nn_m2m_eval *ev, const struct nn_py_node *at, const char *msg)
{
    return nn_m2m_fail(ev, at, msg) ? NN_EX_OK : NN_EX_ERR;
}

/* Unpack v into a Tuple/List target. */
static int unpack(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const struct nn_py_node *t,
                  struct nn_mval *v)
{
    size_t n = nn_py_list_len(t->n[0]);
    if (v->kind == NN_MV_UNKNOWN) {
        for (const struct nn_py_node *e = t->n[0]; e; e = e->next)
            if (nn_m2m_assign(ev, env, e, v))
                return -1;
        return 0;
    }
    if ((v->kind != NN_MV_LIST && v->kind != NN_MV_TUPLE) || v->n != n)
        return nn_m2m_fail(ev, t, nn_arena_printf(ev->a, "cannot unpack %s into %zu names",
                                                  nn_m2m_describe(ev, v), n)) ? 0 : -1;
    size_t i = 0;
    for (const struct nn_py_node *e = t->n[0]; e; e = e->next) {
        struct nn_mval *item = v->items[i++];
        if (item->kind == NN_MV_HOST && !item->origin && e->kind == NN_PY_Name)
            item->origin = e->s[0]; /* a host value's name: a, b = inputs */
        if (nn_m2m_assign(ev, env, e, item))
            return -1;
    }
    return 0;
}

/* obj.name = v */
static int store_attr(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                      const struct nn_py_node *t, struct nn_mval *v)
{
    struct nn_mval *obj = nn_m2m_expr(ev, env, t->n[0]);
    if (!obj)
        return -1;
    if (obj->kind == NN_MV_HOST && ev->host->store && ev->host->store(ev, t, obj, t->s[0], v))
        return 0;
    if (obj->kind != NN_MV_OBJ)
        return nn_m2m_fail(ev, t, "cannot store an attribute on this value") ? 0 : -1;
    if (ev->host->stored)
        ev->host->stored(ev, obj, t->s[0], v);
    nn_m2m_bind(ev, obj->env, t->s[0], v);
    return 0;
}

/* obj[key] = v for lists and dicts. */
static int store_item(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                      const struct nn_py_node *t, struct nn_mval *v)
{
    struct nn_mval *obj = nn_m2m_expr(ev, env, t->n[0]);
    struct nn_mval *key = obj ? nn_m2m_expr(ev, env, t->n[1]) : NULL;
    if (!key)
        return -1;
    if (obj->kind == NN_MV_DICT) {
        nn_m2m_dict_set(ev, obj, key, v);
        return 0;
    }
    if (obj->kind == NN_MV_LIST && key->kind == NN_MV_INT) {
        long long i = key->i < 0 ? key->i + (long long)obj->n : key->i;
        if (i >= 0 && i < (long long)obj->n) {
            obj->items[i] = v;
            return 0;
        }
    }
    return nn_m2m_fail(ev, t, "cannot store into this item statically") ? 0 : -1;
}

int nn_m2m_assign(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const struct nn_py_node *t,
                  struct nn_mval *v)
{
    switch (t->kind) {
    case NN_PY_Name: nn_m2m_bind(ev, env, t->s[0], v); return 0;
    case NN_PY_Tuple:
    case NN_PY_List: return unpack(ev, env, t, v);
    case NN_PY_Attribute: return store_attr(ev, env, t, v);
    case NN_PY_Subscript: return store_item(ev, env, t, v);
    case NN_PY_Starred: return nn_m2m_assign(ev, env, t->n[0], v);
    default: return nn_m2m_fail(ev, t, "cannot assign to this target") ? 0 : -1;
    }
}

/* The name a value is first stored under, for naming layers. */
static void name_origin(struct nn_mval *v, const struct nn_py_node *t)
{
    if (v && !v->origin && t->kind == NN_PY_Name)
        v->origin = t->s[0];
}

/* targets = value */
static int assign_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                       const struct nn_py_node *s)
{
    struct nn_mval *v = nn_m2m_expr(ev, env, s->n[1]);
    if (!v)
        return NN_EX_ERR;
    for (const struct nn_py_node *t = s->n[0]; t; t = t->next) {
        name_origin(v, t);
        if (nn_m2m_assign(ev, env, t, v))
            return NN_EX_ERR;
    }
    return NN_EX_OK;
}

/* target op= value */
static int augassign(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const struct nn_py_node *s)
{
    struct nn_mval *old = nn_m2m_expr(ev, env, s->n[0]);
    struct nn_mval *rhs = old ? nn_m2m_expr(ev, env, s->n[2]) : NULL;
    if (!rhs)
        return NN_EX_ERR;
    if (old->kind == NN_MV_LIST && s->n[1]->op == NN_PYOP_Add &&
        (rhs->kind == NN_MV_LIST || rhs->kind == NN_MV_TUPLE))
        return nn_m2m_extend(ev, s, old, rhs) ? NN_EX_OK : NN_EX_ERR;
    ev->cur_env = env;
    struct nn_mval *v = nn_m2m_binop(ev, s, s->n[1]->op, old, rhs);
    if (!v || nn_m2m_assign(ev, env, s->n[0], v))
        return NN_EX_ERR;
    return NN_EX_OK;
}

struct nn_mval *nn_m2m_iterable(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *v)
{
    if (!v)
        return NULL;
    if (v->kind == NN_MV_LIST || v->kind == NN_MV_TUPLE)
        return v;
    if (v->kind == NN_MV_DICT) {
        struct nn_mval *keys = nn_m2m_seq(ev, NN_MV_LIST, v->n);
        for (size_t i = 0; keys && i < v->n; i++)
            nn_m2m_push(ev, keys, v->keys[i]);
        return keys;
    }
    if (v->kind == NN_MV_STR) {
        struct nn_mval *chars = nn_m2m_seq(ev, NN_MV_LIST, strlen(v->s));
        for (size_t i = 0, k; chars && v->s[i]; i += k) { /* one code point each */
            for (k = 1; ((unsigned char)v->s[i + k] & 0xC0) == 0x80; k++)
                continue;
            nn_m2m_push(ev, chars, nn_m2m_str(ev, nn_arena_strndup(ev->a, v->s + i, k)));
        }
        return chars;
    }
    if (nn_m2m_container_of(v)) /* a ModuleDict or ModuleList subclass: its items */
        return nn_m2m_iterable(ev, at, nn_m2m_container_of(v));
    if (v->kind == NN_MV_HOST && ev->host->attr) {
        struct nn_mval *items = ev->host->attr(ev, at, v, "__iter__");
        if (items != &nn_m2m_unhandled)
            return items;
    }
    if (ev->lenient)
        return NULL;
    nn_m2m_unmappable(ev, at, "loop over %s: its length is not known statically "
                              "(data-dependent control flow)", nn_m2m_describe(ev, v));
    return NULL;
}

/* for target in iter: body (else: orelse) */
static int for_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const struct nn_py_node *s)
{
    struct nn_mval *v = nn_m2m_expr(ev, env, s->n[1]);
    if (!v)
        return NN_EX_ERR;
    struct nn_mval *it = nn_m2m_iterable(ev, s->n[1], v);
    if (!it && ev->lenient) { /* training loops over data: run the body once */
        if (nn_m2m_assign(ev, env, s->n[0], nn_m2m_new(ev, NN_MV_UNKNOWN)))
            return NN_EX_ERR;
        int st = nn_m2m_exec_block(ev, env, s->n[2]);
        return st == NN_EX_BREAK || st == NN_EX_CONT ? NN_EX_OK : st;
    }
    if (!it)
        return ev->keep_going ? NN_EX_OK : NN_EX_ERR;
    int once = ev->lenient && ev->host->loop && ev->host->loop(ev, s, it);
    for (size_t i = 0; i < it->n; i++) {
        if (!nn_m2m_step(ev, s))
            return NN_EX_ERR;
        if (nn_m2m_assign(ev, env, s->n[0], it->items[i]))
            return NN_EX_ERR;
        int st = nn_m2m_exec_block(ev, env, s->n[2]);
        if (st == NN_EX_BREAK)
            return NN_EX_OK;
        if (st == NN_EX_RET || st == NN_EX_ERR)
            return st;
        if (once)
            break;
    }
    return nn_m2m_exec_block(ev, env, s->n[3]);
}

/* if test: body else: orelse; an undecidable test is data-dependent control flow. */
static int if_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const struct nn_py_node *s)
{
    struct nn_mval *t = nn_m2m_expr(ev, env, s->n[0]);
    if (!t)
        return NN_EX_ERR;
    int b = nn_m2m_truth(t);
    if (b < 0 && ev->lenient) { /* training code: look at both sides */
        int st = nn_m2m_exec_block(ev, env, s->n[1]);
        return st == NN_EX_OK ? nn_m2m_exec_block(ev, env, s->n[2]) : st;
    }
    if (b < 0)
        return stmt_fail(ev, s->n[0], "'if' on a value known only at run time "
                                      "(data-dependent control flow)");
    return nn_m2m_exec_block(ev, env, b ? s->n[1] : s->n[2]);
}

/* while: only with a statically known test. */
static int while_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                      const struct nn_py_node *s)
{
    if (ev->lenient)
        return NN_EX_OK;
    for (;;) {
        struct nn_mval *t = nn_m2m_expr(ev, env, s->n[0]);
        if (!t)
            return NN_EX_ERR;
        int b = nn_m2m_truth(t);
        if (b < 0)
            return stmt_fail(ev, s->n[0], "'while' on a value known only at run time "
                                          "(data-dependent control flow)");
        if (!b)
            return NN_EX_OK;
        if (!nn_m2m_step(ev, s))
            return NN_EX_ERR;
        int st = nn_m2m_exec_block(ev, env, s->n[1]);
        if (st == NN_EX_BREAK)
            return NN_EX_OK;
        if (st == NN_EX_RET || st == NN_EX_ERR)
            return st;
    }
}

/* def name(...): a function closed over env. */
static int def_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const struct nn_py_node *s)
{
    struct nn_mval *f = nn_m2m_new(ev, NN_MV_FUNC);
    if (!f)
        return NN_EX_ERR;
    f->node = s;
    f->env = env;
    for (const struct nn_py_node *d = s->n[2]; d; d = d->next) /* decorators */
        if (d->kind == NN_PY_Name && strcmp(d->s[0], "classmethod") == 0)
            f->i = NN_M2M_CLASSMETHOD;
        else if (d->kind == NN_PY_Name && strcmp(d->s[0], "staticmethod") == 0)
            f->i = NN_M2M_STATIC;
    nn_m2m_bind(ev, env, s->s[0], f);
    return NN_EX_OK;
}

/* class Name(bases): body run in its own scope; methods close over env. */
static int class_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                      const struct nn_py_node *s)
{
    struct nn_mval *c = nn_m2m_new(ev, NN_MV_CLASS);
    if (!c)
        return NN_EX_ERR;
    c->node = s;
    c->origin = s->s[0];
    c->items = nn_arena_alloc(ev->a, (nn_py_list_len(s->n[0]) + 1) * sizeof *c->items);
    for (const struct nn_py_node *b = s->n[0]; b && c->items; b = b->next) {
        int lenient = ev->lenient, bases = ev->resolve_bases;
        ev->lenient = ev->resolve_bases = 1;
        struct nn_mval *base = nn_m2m_expr(ev, env, b);
        ev->lenient = lenient;
        ev->resolve_bases = bases;
        if (base)
            c->items[c->n++] = base;
    }
    c->env = nn_m2m_env_new(ev, env);
    if (!c->env)
        return NN_EX_ERR;
    int st = nn_m2m_exec_block(ev, c->env, s->n[2]);
    for (struct nn_m2m_bind *b = c->env->first; b; b = b->next)
        if (b->val && b->val->kind == NN_MV_FUNC) {
            b->val->env = env;
            b->val->cls = c;
        }
    if (st != NN_EX_ERR && nn_m2m_dataclass(ev, c, env, s))
        st = NN_EX_ERR;
    nn_m2m_bind(ev, env, s->s[0], c);
    return st == NN_EX_ERR ? NN_EX_ERR : NN_EX_OK;
}

/* import a.b [as c] */
static int import_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                       const struct nn_py_node *s)
{
    for (const struct nn_py_node *al = s->n[0]; al; al = al->next) {
        const char *full = al->s[0];
        if (al->s[1]) {
            nn_m2m_bind(ev, env, al->s[1], nn_m2m_path(ev, full));
            continue;
        }
        size_t head = strcspn(full, ".");
        const char *top = nn_arena_strndup(ev->a, full, head);
        nn_m2m_bind(ev, env, top, nn_m2m_path(ev, top));
    }
    return NN_EX_OK;
}

/* from a.b import c [as d] */
static int importfrom_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                           const struct nn_py_node *s)
{
    const char *mod = s->s[0] ? s->s[0] : "";
    for (const struct nn_py_node *al = s->n[0]; al; al = al->next) {
        if (strcmp(al->s[0], "*") == 0) {
            ev->star_imports = ev->star_imports
                                   ? nn_arena_printf(ev->a, "%s %s", ev->star_imports, mod)
                                   : mod;
            continue;
        }
        const char *full = nn_arena_printf(ev->a, "%s.%s", mod, al->s[0]);
        struct nn_mval *v = nn_m2m_path(ev, full);
        if (v)
            nn_m2m_import_mark(ev, s, al->s[0], v);
        nn_m2m_bind(ev, env, al->s[1] ? al->s[1] : al->s[0], v);
    }
    return NN_EX_OK;
}

/* return [value] */
static int return_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                       const struct nn_py_node *s)
{
    ev->ret = s->n[0] ? nn_m2m_expr(ev, env, s->n[0]) : nn_m2m_new(ev, NN_MV_NONE);
    return ev->ret ? NN_EX_RET : NN_EX_ERR;
}

/* An expression statement (calls such as list.append, add_module). */
static int expr_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                     const struct nn_py_node *s)
{
    if (s->n[0]->kind == NN_PY_Constant) /* docstrings */
        return NN_EX_OK;
    return nn_m2m_expr(ev, env, s->n[0]) ? NN_EX_OK : NN_EX_ERR;
}

/* Run statement s by its kind. */
static int stmt_kind(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const struct nn_py_node *s)
{
    switch (s->kind) {
    case NN_PY_Expr: return expr_stmt(ev, env, s);
    case NN_PY_Assign: return assign_stmt(ev, env, s);
    case NN_PY_AugAssign: return augassign(ev, env, s);
    case NN_PY_AnnAssign:
        if (!s->n[2])
            return NN_EX_OK;
        {
            struct nn_mval *v = nn_m2m_expr(ev, env, s->n[2]);
            return v && !nn_m2m_assign(ev, env, s->n[0], v) ? NN_EX_OK : NN_EX_ERR;
        }
    case NN_PY_For: return for_stmt(ev, env, s);
    case NN_PY_While: return while_stmt(ev, env, s);
    case NN_PY_If: return if_stmt(ev, env, s);
    case NN_PY_Return: return return_stmt(ev, env, s);
    case NN_PY_FunctionDef: return def_stmt(ev, env, s);
    case NN_PY_ClassDef: return class_stmt(ev, env, s);
    case NN_PY_Import: return import_stmt(ev, env, s);
    case NN_PY_ImportFrom: return importfrom_stmt(ev, env, s);
    case NN_PY_With: return nn_m2m_exec_block(ev, env, s->n[1]);
    case NN_PY_Try: return nn_m2m_exec_block(ev, env, s->n[0]);
    case NN_PY_Break: return NN_EX_BREAK;
    case NN_PY_Continue: return NN_EX_CONT;
    case NN_PY_Pass:
    case NN_PY_Assert:
    case NN_PY_Global:
    case NN_PY_Nonlocal:
    case NN_PY_Delete: return NN_EX_OK;
    case NN_PY_Raise:
        return ev->lenient ? NN_EX_OK : stmt_fail(ev, s, "'raise' reached while building the model");
    default:
        return stmt_fail(ev, s, nn_arena_printf(ev->a, "'%s' statements cannot be migrated",
                                                nn_py_kind_names[s->kind]));
    }
}

/* Run statement s, one level of the recursion budget. */
static int exec_stmt(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const struct nn_py_node *s)
{
    if (!nn_depth_enter(&ev->nest, ev->d, nn_m2m_loc(ev, s)))
        return NN_EX_ERR;
    int st = stmt_kind(ev, env, s);
    nn_depth_leave(&ev->nest);
    return st;
}

int nn_m2m_exec_block(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                      const struct nn_py_node *body)
{
    for (const struct nn_py_node *s = body; s; s = s->next) {
        int st = exec_stmt(ev, env, s);
        if (st == NN_EX_ERR && (ev->lenient || ev->keep_going))
            continue;
        if (st != NN_EX_OK)
            return st;
    }
    return NN_EX_OK;
}

int nn_m2m_exec_module(struct nn_m2m_eval *ev, const struct nn_py_node *module)
{
    nn_m2m_bind(ev, ev->globals, "__name__", nn_m2m_str(ev, "__main__"));
    return nn_m2m_exec_block(ev, ev->globals, module->n[0]) == NN_EX_ERR ? -1 : 0;
}
