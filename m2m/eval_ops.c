/* eval_ops.c - operators and attribute access of the shared evaluator. */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "m2m/eval_int.h"

/* A number value: int when both operands are ints and the result is integral. */
static struct nn_mval *number(struct nn_m2m_eval *ev, int as_int, double f, long long i)
{
    struct nn_mval *v = nn_m2m_new(ev, as_int ? NN_MV_INT : NN_MV_FLOAT);
    if (v) {
        v->i = i;
        v->f = f;
    }
    return v;
}

/* Floor division the Python way (b != 0, and not LLONG_MIN / -1). */
static long long floordiv(long long a, long long b)
{
    long long q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* i ** j for j >= 0 by squaring; 0 on overflow. */
static int int_pow(long long i, long long j, long long *r)
{
    long long acc = 1, base = i;
    while (j > 0) {
        if ((j & 1) && __builtin_mul_overflow(acc, base, &acc))
            return 0;
        j >>= 1;
        if (j && __builtin_mul_overflow(base, base, &base))
            return 0;
    }
    *r = acc;
    return 1;
}

/* Integer arithmetic in 64 bits: 1, 0 when the result does not fit
 * (Python's integers are unbounded, so nnc cannot give the value), or -1
 * for an operator it does not evaluate. */
static int int_arith(int op, long long i, long long j, long long *r)
{
    switch (op) {
    case NN_PYOP_Add: return !__builtin_add_overflow(i, j, r);
    case NN_PYOP_Sub: return !__builtin_sub_overflow(i, j, r);
    case NN_PYOP_Mult: return !__builtin_mul_overflow(i, j, r);
    case NN_PYOP_FloorDiv:
    case NN_PYOP_Mod:
        if (i == LLONG_MIN && j == -1)
            return 0;
        if (op == NN_PYOP_FloorDiv) {
            *r = floordiv(i, j);
        } else { /* the sign of the divisor, without floordiv(i, j) * j, which can overflow */
            *r = i % j;
            if (*r != 0 && ((*r < 0) != (j < 0)))
                *r += j;
        }
        return 1;
    case NN_PYOP_Pow: return int_pow(i, j, r);
    case NN_PYOP_LShift: /* i * 2**j, exactly */
        if (j < 0)
            return -1;
        if (i == 0 || j >= 63) {
            *r = 0;
            return i == 0;
        }
        return !__builtin_mul_overflow(i, (long long)1 << j, r);
    case NN_PYOP_RShift: /* floor(i / 2**j): an arithmetic shift */
        if (j < 0)
            return -1;
        *r = j >= 63 ? (i < 0 ? -1 : 0) : i >> j;
        return 1;
    case NN_PYOP_BitAnd: *r = i & j; return 1; /* two's complement, as Python's ints */
    case NN_PYOP_BitOr: *r = i | j; return 1;
    case NN_PYOP_BitXor: *r = i ^ j; return 1;
    default: return -1;
    }
}

/* Arithmetic on two numbers. */
static struct nn_mval *arith(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                             struct nn_mval *a, struct nn_mval *b)
{
    int ints = a->kind != NN_MV_FLOAT && b->kind != NN_MV_FLOAT;
    double x = nn_m2m_num(a), y = nn_m2m_num(b);
    long long i = a->i, j = b->i;
    if ((op == NN_PYOP_Div || op == NN_PYOP_FloorDiv || op == NN_PYOP_Mod) && y == 0)
        return nn_m2m_fail(ev, at, "division by zero");
    if (a->kind == NN_MV_BOOL && b->kind == NN_MV_BOOL &&
        (op == NN_PYOP_BitAnd || op == NN_PYOP_BitOr || op == NN_PYOP_BitXor)) {
        struct nn_mval *t = nn_m2m_new(ev, NN_MV_BOOL); /* bool & bool is a bool */
        if (t)
            t->i = op == NN_PYOP_BitAnd ? i & j : op == NN_PYOP_BitOr ? i | j : i ^ j;
        return t;
    }
    if (ints && op != NN_PYOP_Div && !(op == NN_PYOP_Pow && j < 0)) {
        long long r;
        int ok = int_arith(op, i, j, &r);
        if (ok > 0)
            return number(ev, 1, (double)r, r);
        return nn_m2m_fail(ev, at, ok == 0 ? "an integer beyond 64 bits"
                                           : "this operator has no static meaning here");
    }
    switch (op) {
    case NN_PYOP_Add: return number(ev, 0, x + y, 0);
    case NN_PYOP_Sub: return number(ev, 0, x - y, 0);
    case NN_PYOP_Mult: return number(ev, 0, x * y, 0);
    case NN_PYOP_Div: return number(ev, 0, x / y, 0);
    case NN_PYOP_FloorDiv: return number(ev, 0, floor(x / y), 0);
    case NN_PYOP_Mod: return number(ev, 0, x - floor(x / y) * y, 0);
    case NN_PYOP_Pow: return number(ev, 0, pow(x, y), 0);
    default: return nn_m2m_fail(ev, at, "this operator has no static meaning here");
    }
}

/* str * n, within NN_M2M_MAX_ITEMS characters. */
static struct nn_mval *str_repeat(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                  const char *s, long long times)
{
    size_t len = strlen(s), n = times > 0 ? (size_t)times : 0;
    if (len && n > NN_M2M_MAX_ITEMS / len)
        return nn_m2m_fail(ev, at, "a string this long");
    char *r = nn_arena_alloc(ev->a, len * n + 1);
    if (!r)
        return NULL;
    for (size_t k = 0; k < n; k++)
        memcpy(r + k * len, s, len);
    r[len * n] = '\0';
    return nn_m2m_str(ev, r);
}

/* list + list, list * n, str + str, str * n. */
static struct nn_mval *seq_op(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                              struct nn_mval *a, struct nn_mval *b)
{
    if (a->kind == NN_MV_STR && b->kind == NN_MV_STR && op == NN_PYOP_Add) {
        if (strlen(a->s) + strlen(b->s) > NN_M2M_MAX_ITEMS)
            return nn_m2m_fail(ev, at, "a string this long");
        return nn_m2m_str(ev, nn_arena_printf(ev->a, "%s%s", a->s, b->s)); /* NULL: out of memory */
    }
    if (a->kind == NN_MV_STR && b->kind == NN_MV_INT && op == NN_PYOP_Mult)
        return str_repeat(ev, at, a->s, b->i);
    if (a->kind == NN_MV_STR)
        return nn_m2m_fail(ev, at, "this operator has no static meaning here");
    if (op == NN_PYOP_Add && a->kind == b->kind && a->n + b->n > NN_M2M_MAX_ITEMS)
        return nn_m2m_fail(ev, at, "a list this long");
    if (op == NN_PYOP_Mult && b->kind == NN_MV_INT && b->i > 0 && a->n &&
        (unsigned long long)b->i > NN_M2M_MAX_ITEMS / a->n)
        return nn_m2m_fail(ev, at, "a list this long");
    if (op == NN_PYOP_Add && a->kind == b->kind) {
        struct nn_mval *r = nn_m2m_seq(ev, a->kind, a->n + b->n);
        for (size_t k = 0; r && k < a->n; k++)
            nn_m2m_push(ev, r, a->items[k]);
        for (size_t k = 0; r && k < b->n; k++)
            nn_m2m_push(ev, r, b->items[k]);
        return r;
    }
    if (op == NN_PYOP_Mult && b->kind == NN_MV_INT) {
        struct nn_mval *r = nn_m2m_seq(ev, a->kind, a->n * (size_t)(b->i > 0 ? b->i : 0));
        for (long long t = 0; r && a->n && t < b->i; t++)
            for (size_t k = 0; k < a->n; k++)
                nn_m2m_push(ev, r, a->items[k]);
        return r;
    }
    return nn_m2m_fail(ev, at, "this operator has no static meaning here");
}

struct nn_mval *nn_m2m_binop(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                             struct nn_mval *a, struct nn_mval *b)
{
    if (a->kind == NN_MV_HOST || b->kind == NN_MV_HOST) {
        struct nn_mval *r = nn_m2m_host_binop(ev, at, op, a, b);
        if (r != &nn_m2m_unhandled)
            return r;
    }
    if (a->kind == NN_MV_UNKNOWN)
        return ev->lenient || nn_m2m_reported(a)
                   ? a : nn_m2m_fail(ev, at, a->s ? a->s : "unknown operand");
    if (b->kind == NN_MV_UNKNOWN)
        return ev->lenient || nn_m2m_reported(b)
                   ? b : nn_m2m_fail(ev, at, b->s ? b->s : "unknown operand");
    if (nn_m2m_is_num(a) && nn_m2m_is_num(b))
        return arith(ev, at, op, a, b);
    if (a->kind == NN_MV_STR && op == NN_PYOP_Mod)
        return nn_m2m_percent(ev, at, a, b);
    if (a->kind == NN_MV_LIST || a->kind == NN_MV_TUPLE || a->kind == NN_MV_STR)
        return seq_op(ev, at, op, a, b);
    return nn_m2m_fail(ev, at, nn_arena_printf(ev->a, "cannot apply '%s' to %s and %s",
                                               nn_py_op_names[op], nn_m2m_describe(ev, a),
                                               nn_m2m_describe(ev, b)));
}

struct nn_mval *nn_m2m_binop_expr(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                  const struct nn_py_node *e)
{
    struct nn_mval *a = nn_m2m_expr(ev, env, e->n[0]);
    struct nn_mval *b = a ? nn_m2m_expr(ev, env, e->n[2]) : NULL;
    if (!b)
        return NULL;
    ev->cur_env = env;
    return nn_m2m_binop(ev, e, e->n[1]->op, a, b);
}

struct nn_mval *nn_m2m_unary_expr(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                  const struct nn_py_node *e)
{
    struct nn_mval *v = nn_m2m_expr(ev, env, e->n[1]);
    if (!v)
        return NULL;
    int op = e->n[0]->op;
    if (op == NN_PYOP_Not) {
        int t = nn_m2m_truth(v);
        if (t < 0)
            return nn_m2m_fail(ev, e, "condition depends on data (data-dependent control flow)");
        struct nn_mval *r = nn_m2m_new(ev, NN_MV_BOOL);
        if (r)
            r->i = !t;
        return r;
    }
    if (nn_m2m_is_num(v) && op == NN_PYOP_USub && v->kind != NN_MV_FLOAT && v->i == LLONG_MIN)
        return nn_m2m_fail(ev, e, "an integer beyond 64 bits");
    if (nn_m2m_is_num(v) && (op == NN_PYOP_USub || op == NN_PYOP_UAdd))
        return number(ev, v->kind != NN_MV_FLOAT, op == NN_PYOP_USub ? -v->f : v->f,
                      op == NN_PYOP_USub ? -v->i : v->i);
    if (v->kind == NN_MV_HOST && op == NN_PYOP_USub) {
        struct nn_mval *r = nn_m2m_host_binop(ev, e, NN_PYOP_Mult, v, nn_m2m_int(ev, -1));
        if (r != &nn_m2m_unhandled)
            return r;
    }
    return v->kind == NN_MV_UNKNOWN && (ev->lenient || nn_m2m_reported(v)) ? v
                                                   : nn_m2m_fail(ev, e, "unsupported operator");
}

/* Compare int i with float f exactly as CPython does: -1, 0, 1, or 2 when f is NaN. */
static int cmp_int_float(long long i, double f)
{
    if (isnan(f))
        return 2;
    if (f >= 9223372036854775808.0)
        return -1;
    if (f < -9223372036854775808.0)
        return 1;
    double t = trunc(f);
    long long k = (long long)t;
    if (i != k)
        return i < k ? -1 : 1;
    return f > t ? -1 : f < t ? 1 : 0;
}

/* Nested values compared at most this deep (an error beyond). */
#define COMPARE_DEPTH 100

static int equal(const struct nn_mval *a, const struct nn_mval *b, int depth);

/* Equal items of two lists or two tuples: 1, 0, or -1 when unknown. */
static int equal_items(const struct nn_mval *a, const struct nn_mval *b, int depth)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        int e = equal(a->items[i], b->items[i], depth + 1);
        if (e != 1)
            return e;
    }
    return 1;
}

/* Equal dicts: the same keys, each with an equal value (in any order); 1,
 * 0, or -1 when unknown. */
static int equal_dicts(const struct nn_mval *a, const struct nn_mval *b, int depth)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        struct nn_mval *k = a->keys[i];
        if (k->kind == NN_MV_UNKNOWN || k->kind == NN_MV_HOST)
            return -1;
        struct nn_mval *v = nn_m2m_dict_get((struct nn_mval *)b, k); /* a look-up only */
        int e = v ? equal(a->items[i], v, depth + 1) : 0;
        if (e != 1)
            return e;
    }
    return 1;
}

/* Python's == on static values: 1, 0, or -1 when nnc cannot tell. */
static int equal(const struct nn_mval *a, const struct nn_mval *b, int depth)
{
    if (depth > COMPARE_DEPTH || a->kind == NN_MV_UNKNOWN || b->kind == NN_MV_UNKNOWN ||
        a->kind == NN_MV_HOST || b->kind == NN_MV_HOST)
        return -1;
    if ((a->kind == NN_MV_INT || a->kind == NN_MV_BOOL) && (b->kind == NN_MV_INT || b->kind == NN_MV_BOOL))
        return a->i == b->i; /* exact, not through double */
    if (a->kind == NN_MV_FLOAT && b->kind == NN_MV_FLOAT)
        return a->f == b->f;
    if (nn_m2m_is_num(a) && nn_m2m_is_num(b))
        return a->kind == NN_MV_FLOAT ? cmp_int_float(b->i, a->f) == 0 : cmp_int_float(a->i, b->f) == 0;
    if (a == b || (a->kind == NN_MV_NONE && b->kind == NN_MV_NONE))
        return 1;
    if (a->kind != b->kind)
        return (a->kind == NN_MV_LIST || a->kind == NN_MV_TUPLE || a->kind == NN_MV_STR ||
                a->kind == NN_MV_DICT || a->kind == NN_MV_NONE || nn_m2m_is_num(a)) ? 0 : -1;
    switch (a->kind) {
    case NN_MV_STR: return strcmp(a->s, b->s) == 0;
    case NN_MV_LIST:
    case NN_MV_TUPLE: return equal_items(a, b, depth);
    case NN_MV_DICT: return equal_dicts(a, b, depth);
    case NN_MV_PATH: return strcmp(a->s, b->s) == 0;
    case NN_MV_CLASS: return 0; /* user classes compare by identity (a != b here) */
    default: return -1; /* objects with their own __eq__...: not computed */
    }
}

int nn_m2m_order(int op, const struct nn_mval *a, const struct nn_mval *b)
{
    if (!nn_m2m_is_num(a) || !nn_m2m_is_num(b))
        return -1;
    int c; /* a against b: -1, 0, 1, or 2 when unordered (NaN) */
    if (a->kind != NN_MV_FLOAT && b->kind != NN_MV_FLOAT)
        c = a->i < b->i ? -1 : a->i > b->i;
    else if (a->kind == NN_MV_FLOAT && b->kind == NN_MV_FLOAT)
        c = isnan(a->f) || isnan(b->f) ? 2 : a->f < b->f ? -1 : a->f > b->f;
    else if (b->kind == NN_MV_FLOAT)
        c = cmp_int_float(a->i, b->f);
    else
        c = (c = cmp_int_float(b->i, a->f)) == 2 ? 2 : -c;
    switch (op) {
    case NN_PYOP_Lt: return c == -1;
    case NN_PYOP_LtE: return c == -1 || c == 0;
    case NN_PYOP_Gt: return c == 1;
    case NN_PYOP_GtE: return c == 1 || c == 0;
    default: return -1;
    }
}

/* One comparison of static values: 1, 0, or -1 when it cannot be decided. */
static int compare1(int op, struct nn_mval *a, struct nn_mval *b)
{
    if (op == NN_PYOP_Is || op == NN_PYOP_IsNot) {
        int same = a == b || (a->kind == NN_MV_NONE && b->kind == NN_MV_NONE) ||
                   (a->kind == NN_MV_BOOL && b->kind == NN_MV_BOOL && a->i == b->i);
        if (a->kind == NN_MV_UNKNOWN || b->kind == NN_MV_UNKNOWN)
            return -1;
        return op == NN_PYOP_Is ? same : !same;
    }
    if (op == NN_PYOP_In || op == NN_PYOP_NotIn) {
        if (b->kind != NN_MV_LIST && b->kind != NN_MV_TUPLE && b->kind != NN_MV_DICT)
            return -1;
        int found = 0;
        for (size_t i = 0; i < b->n && found != 1; i++) {
            int e = equal(a, b->kind == NN_MV_DICT ? b->keys[i] : b->items[i], 0);
            found = e == 1 ? 1 : e < 0 ? -1 : found;
        }
        return found < 0 ? -1 : op == NN_PYOP_In ? found : !found;
    }
    if (op == NN_PYOP_Eq || op == NN_PYOP_NotEq) {
        int e = equal(a, b, 0);
        return e < 0 ? -1 : op == NN_PYOP_Eq ? e : !e;
    }
    return nn_m2m_order(op, a, b);
}

struct nn_mval *nn_m2m_compare_expr(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                    const struct nn_py_node *e)
{
    struct nn_mval *a = nn_m2m_expr(ev, env, e->n[0]);
    if (!a)
        return NULL;
    const struct nn_py_node *op = e->n[1], *c = e->n[2];
    int result = 1;
    for (; op && c; op = op->next, c = c->next) {
        struct nn_mval *b = nn_m2m_expr(ev, env, c);
        if (!b)
            return NULL;
        int r = compare1(op->op, a, b);
        if (r < 0)
            return nn_m2m_fail(ev, e, "comparison of values known only at run time "
                                      "(data-dependent control flow)");
        result = result && r;
        a = b;
    }
    struct nn_mval *v = nn_m2m_new(ev, NN_MV_BOOL);
    if (v)
        v->i = result;
    return v;
}

/* A builtin method bound to self. */
static struct nn_mval *method(struct nn_m2m_eval *ev, struct nn_mval *self, const char *name)
{
    struct nn_mval *m = nn_m2m_new(ev, NN_MV_BUILTIN);
    if (m) {
        m->s = name;
        m->self = self;
    }
    return m;
}

/* A user function bound to self. */
static struct nn_mval *bound(struct nn_m2m_eval *ev, struct nn_mval *self, struct nn_mval *fn)
{
    if (fn->kind != NN_MV_FUNC || fn->i == NN_M2M_STATIC)
        return fn;
    if (fn->i == NN_M2M_CLASSMETHOD && self && self->kind == NN_MV_OBJ)
        self = self->cls;
    struct nn_mval *b = nn_m2m_new(ev, NN_MV_BOUND);
    if (b) {
        b->self = self;
        b->fn = fn;
    }
    return b;
}

/* obj.name on an instance: its attributes, then its class's methods, then the host. */
struct nn_mval *nn_m2m_container_of(struct nn_mval *obj)
{
    struct nn_mval *v = obj && obj->kind == NN_MV_OBJ && obj->env
                            ? nn_m2m_lookup_here(obj->env, NN_M2M_CONTAINER) : NULL;
    return v && (v->kind == NN_MV_DICT || v->kind == NN_MV_LIST) ? v : NULL;
}

/* A container's reading method (items, keys, values, get) bound to its items. */
static struct nn_mval *container_method(struct nn_m2m_eval *ev, struct nn_mval *obj,
                                        const char *name)
{
    static const char *const reads[] = {"items", "keys", "values", "get"};
    struct nn_mval *cn = nn_m2m_container_of(obj);
    for (size_t i = 0; cn && i < sizeof reads / sizeof *reads; i++)
        if (strcmp(name, reads[i]) == 0 && cn->kind == NN_MV_DICT)
            return method(ev, cn, name);
    return NULL;
}

static struct nn_mval *obj_attr(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *obj, const char *name)
{
    struct nn_mval *v = nn_m2m_lookup_here(obj->env, name);
    if (v)
        return v;
    if (obj->cls && strcmp(name, "__class__") == 0)
        return obj->cls;
    v = nn_m2m_method(obj->cls, name);
    if (v)
        return bound(ev, obj, v);
    if ((v = container_method(ev, obj, name)) != NULL)
        return v;
    if (ev->host->attr) {
        v = ev->host->attr(ev, at, obj, name);
        if (v != &nn_m2m_unhandled)
            return v;
    }
    return nn_m2m_fail(ev, at, nn_arena_printf(ev->a, "%s has no attribute '%s'",
                                               nn_m2m_describe(ev, obj), name));
}

/* super().name: the bases' method; for external bases the host's answer
 * (a framework base such as nn.Sequential takes constructor arguments), else
 * a no-op. */
static struct nn_mval *super_attr(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                  struct nn_mval *sup, const char *name)
{
    for (size_t i = 0; i < sup->cls->n; i++) {
        struct nn_mval *m = nn_m2m_method(sup->cls->items[i], name);
        if (m)
            return bound(ev, sup->self, m);
    }
    struct nn_mval *v = ev->host->attr ? ev->host->attr(ev, at, sup, name) : &nn_m2m_unhandled;
    return v != &nn_m2m_unhandled ? v : method(ev, NULL, "__noop__");
}

struct nn_mval *nn_m2m_getattr(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_mval *obj, const char *name)
{
    switch (obj->kind) {
    case NN_MV_PATH: return nn_m2m_path(ev, nn_arena_printf(ev->a, "%s.%s", obj->s, name));
    case NN_MV_OBJ: return obj_attr(ev, at, obj, name);
    case NN_MV_SUPER: return super_attr(ev, at, obj, name);
    case NN_MV_CLASS: {
        struct nn_mval *v = nn_m2m_method(obj, name);
        if (v && v->kind == NN_MV_FUNC && v->i == NN_M2M_CLASSMETHOD)
            return bound(ev, obj, v);
        if (v)
            return v;
        if (ev->host->attr && (v = ev->host->attr(ev, at, obj, name)) != &nn_m2m_unhandled)
            return v; /* what an external base gives the class */
        break;
    }
    case NN_MV_LIST:
    case NN_MV_DICT:
    case NN_MV_STR: return method(ev, obj, name);
    case NN_MV_HOST:
        if (ev->host->attr) {
            struct nn_mval *v = ev->host->attr(ev, at, obj, name);
            if (v != &nn_m2m_unhandled)
                return v;
        }
        break;
    case NN_MV_UNKNOWN:
        if (ev->lenient || nn_m2m_reported(obj))
            return obj;
        break;
    default: break;
    }
    return nn_m2m_fail(ev, at, nn_arena_printf(ev->a, "%s has no attribute '%s' that nnc knows",
                                               nn_m2m_describe(ev, obj), name));
}
