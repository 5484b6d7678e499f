/* pybuild.c - tree building helpers for the grammar actions (see pybuild.h). */
#include "grammar/pybuild.h"

#include <string.h>

void nn_py_at(struct nn_py_node *n, const struct nn_py_span *at)
{
    n->lineno = at->line;
    n->col_offset = at->col;
    n->end_lineno = at->end_line;
    n->end_col_offset = at->end_col;
}

struct nn_py_node *nn_py_mk(struct nn_py_parse *p, enum nn_py_kind k, const struct nn_py_span *at)
{
    struct nn_py_node *n = nn_py_node_new(p->arena, k);
    if (!n) {
        nn_py_error(p, at, "out of memory");
        return NULL;
    }
    nn_py_at(n, at);
    return n;
}

struct nn_py_node *nn_py_ctx(struct nn_py_parse *p, enum nn_py_op ctx)
{
    int i = ctx == NN_PYOP_Load ? 0 : ctx == NN_PYOP_Store ? 1 : 2;
    if (!p->ctx[i])
        p->ctx[i] = nn_py_op_new(p->arena, ctx);
    return p->ctx[i];
}

struct nn_py_node *nn_py_opn(struct nn_py_parse *p, enum nn_py_op op)
{
    return nn_py_op_new(p->arena, op);
}

struct nn_py_node *nn_py_name(struct nn_py_parse *p, struct nn_py_node *ident,
                              const struct nn_py_span *at)
{
    struct nn_py_node *n = nn_py_mk(p, NN_PY_Name, at);
    if (n) {
        n->s[0] = ident->s[0];
        n->n[0] = nn_py_ctx(p, NN_PYOP_Load);
    }
    return n;
}

struct nn_py_node *nn_py_tuple(struct nn_py_parse *p, struct nn_py_list l, int comma,
                               const struct nn_py_span *at)
{
    if (!comma && l.head == l.tail)
        return l.head;
    struct nn_py_node *t = nn_py_mk(p, NN_PY_Tuple, at);
    if (t) {
        t->n[0] = l.head;
        t->n[1] = nn_py_ctx(p, NN_PYOP_Load);
    }
    return t;
}

/* How CPython names an expression that cannot be a target. */
static const char *expr_name(const struct nn_py_node *e)
{
    switch (e->kind) {
    case NN_PY_Constant:
        if (e->op == NN_PYC_NONE) return "None";
        if (e->op == NN_PYC_TRUE) return "True";
        if (e->op == NN_PYC_FALSE) return "False";
        if (e->op == NN_PYC_ELLIPSIS) return "ellipsis";
        return "literal";
    case NN_PY_Call: return "function call";
    case NN_PY_BoolOp: case NN_PY_BinOp: case NN_PY_UnaryOp: return "expression";
    case NN_PY_Compare: return "comparison";
    case NN_PY_Lambda: return "lambda";
    case NN_PY_IfExp: return "conditional expression";
    case NN_PY_Yield: case NN_PY_YieldFrom: return "yield expression";
    case NN_PY_Await: return "await expression";
    case NN_PY_JoinedStr: case NN_PY_FormattedValue: return "f-string expression";
    case NN_PY_NamedExpr: return "named expression";
    case NN_PY_Dict: return "dict literal";
    case NN_PY_Set: return "set display";
    case NN_PY_ListComp: return "list comprehension";
    case NN_PY_SetComp: return "set comprehension";
    case NN_PY_DictComp: return "dict comprehension";
    case NN_PY_GeneratorExp: return "generator expression";
    default: return "expression";
    }
}

/* Span of a node, for messages. */
static struct nn_py_span node_span(struct nn_py_parse *p, const struct nn_py_node *e)
{
    struct nn_py_span s = {0, 0, e->lineno, e->col_offset, e->end_lineno, e->end_col_offset};
    struct nn_source *src = p->src;
    nn_source_nlines(src); /* builds the line index */
    if (e->lineno >= 1 && (size_t)e->lineno <= src->nlines) {
        s.start = src->lines[e->lineno - 1] + (size_t)e->col_offset;
        s.end = e->end_lineno >= 1 && (size_t)e->end_lineno <= src->nlines
                    ? src->lines[e->end_lineno - 1] + (size_t)e->end_col_offset
                    : s.start;
    }
    return s;
}

int nn_py_target(struct nn_py_parse *p, struct nn_py_node *e, enum nn_py_op ctx)
{
    struct nn_py_span at = node_span(p, e);
    switch (e->kind) {
    case NN_PY_Name:
        e->n[0] = nn_py_ctx(p, ctx);
        return 1;
    case NN_PY_Attribute:
        e->n[1] = nn_py_ctx(p, ctx);
        return 1;
    case NN_PY_Subscript:
        e->n[2] = nn_py_ctx(p, ctx);
        return 1;
    case NN_PY_Starred:
        if (ctx == NN_PYOP_Del) {
            nn_py_error(p, &at, "cannot delete starred");
            return 0;
        }
        e->n[1] = nn_py_ctx(p, ctx);
        return nn_py_target(p, e->n[0], ctx);
    case NN_PY_Tuple:
    case NN_PY_List:
        e->n[1] = nn_py_ctx(p, ctx);
        for (struct nn_py_node *c = e->n[0]; c; c = c->next)
            if (!nn_py_target(p, c, ctx))
                return 0;
        return 1;
    case NN_PY_WITHITEMS:
    case NN_PY_ASITEM:
        nn_py_error(p, &at, "invalid syntax");
        return 0;
    default:
        nn_py_error(p, &at, "cannot %s %s", ctx == NN_PYOP_Del ? "delete" : "assign to",
                    expr_name(e));
        return 0;
    }
}

int nn_py_del_targets(struct nn_py_parse *p, struct nn_py_node *targets)
{
    for (struct nn_py_node *t = targets; t; t = t->next)
        if (!nn_py_target(p, t, NN_PYOP_Del))
            return 0;
    return 1;
}

int nn_py_no_stray_as(struct nn_py_parse *p)
{
    if (p->pending_as <= 0)
        return 1;
    nn_py_error(p, &p->as_at, "invalid syntax");
    return 0;
}

int nn_py_ann_target(struct nn_py_parse *p, struct nn_py_node *e)
{
    if (e->kind == NN_PY_Name || e->kind == NN_PY_Attribute || e->kind == NN_PY_Subscript)
        return nn_py_target(p, e, NN_PYOP_Store);
    struct nn_py_span at = node_span(p, e);
    if (e->kind == NN_PY_Tuple)
        nn_py_error(p, &at, "only single target (not tuple) can be annotated");
    else if (e->kind == NN_PY_List)
        nn_py_error(p, &at, "only single target (not list) can be annotated");
    else
        nn_py_error(p, &at, "illegal target for annotation");
    return 0;
}

int nn_py_aug_target(struct nn_py_parse *p, struct nn_py_node *e)
{
    if (e->kind == NN_PY_Name || e->kind == NN_PY_Attribute || e->kind == NN_PY_Subscript)
        return nn_py_target(p, e, NN_PYOP_Store);
    struct nn_py_span at = node_span(p, e);
    nn_py_error(p, &at, "'%s' is an illegal expression for augmented assignment",
                e->kind == NN_PY_Tuple ? "tuple" : e->kind == NN_PY_List ? "list" : expr_name(e));
    return 0;
}

struct nn_py_node *nn_py_kwarg(struct nn_py_parse *p, struct nn_py_node *lhs,
                               struct nn_py_node *value, const struct nn_py_span *at)
{
    if (lhs->kind != NN_PY_Name || lhs->paren) {
        struct nn_py_span s = node_span(p, lhs);
        if (lhs->kind == NN_PY_Constant && lhs->op <= NN_PYC_FALSE)
            nn_py_error(p, &s, "cannot assign to %s", expr_name(lhs));
        else
            nn_py_error(p, &s, "expression cannot contain assignment, perhaps you meant \"==\"?");
        return NULL;
    }
    struct nn_py_node *k = nn_py_mk(p, NN_PY_keyword, at);
    if (k) {
        k->s[0] = lhs->s[0];
        k->n[0] = value;
    }
    return k;
}

int nn_py_call_args(struct nn_py_parse *p, struct nn_py_node *call, struct nn_py_node *args,
                    int args_slot, int kw_slot)
{
    struct nn_py_list pos = {NULL, NULL}, kws = {NULL, NULL};
    int seen_kw = 0, seen_dstar = 0, count = (int)nn_py_list_len(args);
    for (struct nn_py_node *a = args, *next; a; a = next) {
        next = a->next;
        struct nn_py_span at = node_span(p, a);
        if (a->kind == NN_PY_GeneratorExp && a->ival && count > 1) {
            nn_py_error(p, &at, "Generator expression must be parenthesized");
            return 0;
        }
        if (a->kind == NN_PY_keyword) {
            seen_kw |= a->s[0] != NULL;
            seen_dstar |= a->s[0] == NULL;
            kws = nn_py_list_add(kws, a);
            continue;
        }
        if (a->kind == NN_PY_Starred && seen_dstar) {
            nn_py_error(p, &at, "iterable argument unpacking follows keyword argument unpacking");
            return 0;
        }
        if (a->kind != NN_PY_Starred && (seen_kw || seen_dstar)) {
            nn_py_error(p, &at, seen_dstar ? "positional argument follows keyword argument unpacking"
                                           : "positional argument follows keyword argument");
            return 0;
        }
        pos = nn_py_list_add(pos, a);
    }
    call->n[args_slot] = pos.head;
    call->n[kw_slot] = kws.head;
    return 1;
}

struct nn_py_node *nn_py_param(struct nn_py_parse *p, int kind, struct nn_py_node *name,
                               struct nn_py_node *ann, struct nn_py_node *dflt,
                               const struct nn_py_span *at)
{
    struct nn_py_node *a = nn_py_mk(p, NN_PY_arg, at);
    if (a) {
        a->op = kind;
        a->s[0] = name ? name->s[0] : NULL;
        a->n[0] = ann;
        a->n[1] = dflt;
    }
    return a;
}

/* The parts of an `arguments` node while it is being assembled. */
struct params {
    struct nn_py_list posonly, args, defaults, kwonly, kw_defaults;
    struct nn_py_node *vararg, *kwarg;
    int slash, star, bare_star, seen_default;
};

/* Add one parameter item; 0 after reporting a misplaced one. */
static int add_param(struct nn_py_parse *p, struct params *ps, struct nn_py_node *a)
{
    struct nn_py_span at = node_span(p, a);
    const char *err = NULL;
    if (ps->kwarg)
        err = "arguments cannot follow var-keyword argument";
    else if (a->op == 4 && ps->slash)
        err = "/ may appear only once";
    else if (a->op == 4 && ps->star)
        err = "/ must be ahead of *";
    else if (a->op == 4 && !ps->args.head)
        err = "at least one argument must precede /";
    else if ((a->op == 1 || a->op == 2) && ps->star)
        err = "* argument may appear only once";
    else if (a->op == 0 && !ps->star && !a->n[1] && ps->seen_default)
        err = "non-default argument follows default argument";
    else if (a->op == 3 && ps->bare_star && !ps->kwonly.head)
        err = "named arguments must follow bare *";
    if (err) {
        nn_py_error(p, &at, "%s", err);
        return 0;
    }
    switch (a->op) {
    case 4:
        ps->posonly = ps->args;
        ps->args = (struct nn_py_list){NULL, NULL};
        ps->slash = 1;
        return 1;
    case 1: case 2:
        ps->star = 1;
        ps->bare_star = a->op == 2;
        ps->vararg = a->op == 1 ? a : NULL;
        return 1;
    case 3:
        ps->kwarg = a;
        return 1;
    }
    struct nn_py_node *d = a->n[1];
    if (ps->star) {
        ps->kwonly = nn_py_list_add(ps->kwonly, a);
        ps->kw_defaults = nn_py_list_add(ps->kw_defaults, d ? d : nn_py_node_new(p->arena, NN_PY_NONE));
    } else {
        ps->args = nn_py_list_add(ps->args, a);
        if (d)
            ps->defaults = nn_py_list_add(ps->defaults, d);
        ps->seen_default |= d != NULL;
    }
    return 1;
}

struct nn_py_node *nn_py_arguments(struct nn_py_parse *p, struct nn_py_node *params)
{
    struct params ps;
    memset(&ps, 0, sizeof ps);
    struct nn_py_node *last = NULL;
    for (struct nn_py_node *a = params, *next; a; a = next) {
        next = a->next;
        last = a;
        if (!add_param(p, &ps, a))
            return NULL;
    }
    if (ps.bare_star && !ps.kwonly.head) {
        struct nn_py_span at = node_span(p, last);
        nn_py_error(p, &at, "named arguments must follow bare *");
        return NULL;
    }
    struct nn_py_node *r = nn_py_node_new(p->arena, NN_PY_arguments);
    if (!r)
        return NULL;
    r->n[0] = ps.posonly.head;
    r->n[1] = ps.args.head;
    r->n[2] = ps.vararg;
    r->n[3] = ps.kwonly.head;
    r->n[4] = ps.kw_defaults.head;
    r->n[5] = ps.kwarg;
    r->n[6] = ps.defaults.head;
    return r;
}

struct nn_py_node *nn_py_group(struct nn_py_parse *p, struct nn_py_list l, int comma,
                               const struct nn_py_span *at)
{
    int as_items = 0;
    for (struct nn_py_node *e = l.head; e; e = e->next)
        as_items |= e->kind == NN_PY_ASITEM;
    if (as_items) {
        struct nn_py_node *w = nn_py_mk(p, NN_PY_WITHITEMS, at);
        if (w) {
            w->n[0] = l.head;
            if (p->pending_as++ == 0)
                p->as_at = *at;
        }
        return w;
    }
    if (!comma && l.head == l.tail) {
        if (l.head->kind == NN_PY_Starred) {
            struct nn_py_span s = node_span(p, l.head);
            nn_py_error(p, &s, "cannot use starred expression here");
            return NULL;
        }
        l.head->paren = 1;
        return l.head;
    }
    struct nn_py_node *t = nn_py_tuple(p, l, 1, at);
    if (t)
        t->paren = 1;
    return t;
}

/* A withitem for a parenthesised element. */
static struct nn_py_node *item_of(struct nn_py_parse *p, struct nn_py_node *e)
{
    struct nn_py_node *w = nn_py_node_new(p->arena, NN_PY_withitem);
    if (!w)
        return NULL;
    if (e->kind == NN_PY_ASITEM) {
        w->n[0] = e->n[0];
        w->n[1] = e->n[1];
    } else {
        w->n[0] = e;
    }
    return w;
}

struct nn_py_node *nn_py_with_items(struct nn_py_parse *p, struct nn_py_node *items)
{
    struct nn_py_node *ctx = items->n[0];
    int single = items->next == NULL && items->n[1] == NULL;
    int expand = single && (ctx->kind == NN_PY_WITHITEMS ||
                            (ctx->kind == NN_PY_Tuple && ctx->paren && ctx->n[0]));
    for (struct nn_py_node *e = ctx->kind == NN_PY_Tuple ? ctx->n[0] : NULL; expand && e; e = e->next)
        expand = e->kind != NN_PY_Starred && e->kind != NN_PY_NamedExpr;
    for (struct nn_py_node *it = items; it; it = it->next)
        if (it->n[0]->kind == NN_PY_WITHITEMS && !expand) {
            struct nn_py_span at = node_span(p, it->n[0]);
            nn_py_error(p, &at, "invalid syntax");
            return NULL;
        }
    if (!expand)
        return items;
    struct nn_py_list out = {NULL, NULL};
    for (struct nn_py_node *e = ctx->n[0], *next; e; e = next) {
        next = e->next;
        out = nn_py_list_add(out, item_of(p, e));
    }
    return out.head;
}

struct nn_py_node *nn_py_boolop(struct nn_py_parse *p, enum nn_py_op op, struct nn_py_node *a,
                                struct nn_py_node *b, const struct nn_py_span *at)
{
    if (a->kind == NN_PY_BoolOp && !a->paren && a->n[0]->op == (int)op) {
        a->n[6]->next = b;
        b->next = NULL;
        a->n[6] = b;
        nn_py_at(a, at);
        return a;
    }
    struct nn_py_node *n = nn_py_mk(p, NN_PY_BoolOp, at);
    if (n) {
        n->n[0] = nn_py_opn(p, op);
        n->n[1] = a;
        a->next = b;
        b->next = NULL;
        n->n[6] = b;
    }
    return n;
}

struct nn_py_node *nn_py_compare(struct nn_py_parse *p, struct nn_py_node *a, int op,
                                 struct nn_py_node *b, const struct nn_py_span *at)
{
    struct nn_py_node *o = nn_py_opn(p, (enum nn_py_op)op);
    if (!o)
        return NULL;
    b->next = NULL;
    if (a->kind == NN_PY_Compare && !a->paren) {
        a->n[5]->next = o;
        a->n[5] = o;
        a->n[6]->next = b;
        a->n[6] = b;
        nn_py_at(a, at);
        return a;
    }
    struct nn_py_node *n = nn_py_mk(p, NN_PY_Compare, at);
    if (n) {
        n->n[0] = a;
        n->n[1] = n->n[5] = o;
        n->n[2] = n->n[6] = b;
    }
    return n;
}

int nn_py_dict(struct nn_py_parse *p, struct nn_py_node *dict, struct nn_py_node *items)
{
    struct nn_py_list keys = {NULL, NULL}, values = {NULL, NULL};
    for (struct nn_py_node *it = items; it; it = it->next) {
        struct nn_py_node *k = it->n[1] ? it->n[1] : nn_py_node_new(p->arena, NN_PY_NONE);
        if (!k)
            return 0;
        keys = nn_py_list_add(keys, k);
        values = nn_py_list_add(values, it->n[0]);
    }
    dict->n[0] = keys.head;
    dict->n[1] = values.head;
    return 1;
}

int nn_py_match_mapping(struct nn_py_parse *p, struct nn_py_node *m, struct nn_py_node *items)
{
    struct nn_py_list keys = {NULL, NULL}, pats = {NULL, NULL};
    for (struct nn_py_node *it = items; it; it = it->next) {
        if (m->s[0]) {
            struct nn_py_span at = node_span(p, it);
            nn_py_error(p, &at, "invalid syntax");
            return 0;
        }
        if (!it->n[1]) {
            m->s[0] = it->s[0];
            continue;
        }
        keys = nn_py_list_add(keys, it->n[1]);
        pats = nn_py_list_add(pats, it->n[0]);
    }
    m->n[0] = keys.head;
    m->n[1] = pats.head;
    return 1;
}

int nn_py_match_class(struct nn_py_parse *p, struct nn_py_node *m, struct nn_py_node *items)
{
    struct nn_py_list pats = {NULL, NULL}, attrs = {NULL, NULL}, kpats = {NULL, NULL};
    for (struct nn_py_node *it = items, *next; it; it = next) {
        next = it->next;
        if (it->kind != NN_PY_keyword) {
            if (attrs.head) {
                struct nn_py_span at = node_span(p, it);
                nn_py_error(p, &at, "positional patterns follow keyword patterns");
                return 0;
            }
            pats = nn_py_list_add(pats, it);
            continue;
        }
        struct nn_py_node *id = nn_py_node_new(p->arena, NN_PY_IDENT);
        if (!id)
            return 0;
        id->s[0] = it->s[0];
        attrs = nn_py_list_add(attrs, id);
        kpats = nn_py_list_add(kpats, it->n[0]);
    }
    m->n[1] = pats.head;
    m->n[2] = attrs.head;
    m->n[3] = kpats.head;
    return 1;
}
