/* eval_dataclass.c - configuration classes: a class decorated @dataclass or
 * deriving from typing.NamedTuple gets the __init__ Python gives it (its
 * annotated fields in order, with their defaults), written as a syntax
 * tree so that it is called like any method. */
#include <string.h>

#include "m2m/eval_int.h"

/* Is the decorator d dataclass / dataclasses.dataclass (called or not)? */
static int is_dataclass(const struct nn_py_node *d)
{
    if (d->kind == NN_PY_Call)
        d = d->n[0];
    return (d->kind == NN_PY_Name && strcmp(d->s[0], "dataclass") == 0) ||
           (d->kind == NN_PY_Attribute && strcmp(d->s[0], "dataclass") == 0);
}

/* Does the class statement s make a dataclass or a NamedTuple? */
static int wants_init(const struct nn_mval *cls, const struct nn_py_node *s)
{
    for (const struct nn_py_node *d = s->n[3]; d; d = d->next)
        if (is_dataclass(d))
            return 1;
    for (size_t i = 0; i < cls->n; i++)
        if (cls->items[i]->kind == NN_MV_PATH && (strcmp(cls->items[i]->s, "typing.NamedTuple") == 0 ||
                                                  strcmp(cls->items[i]->s, "NamedTuple") == 0))
            return 1;
    return 0;
}

/* A node of kind k placed at s. */
static struct nn_py_node *node_at(struct nn_m2m_eval *ev, enum nn_py_kind k,
                                  const struct nn_py_node *s)
{
    struct nn_py_node *n = nn_py_node_new(ev->a, k);
    if (n) {
        n->lineno = s->lineno, n->col_offset = s->col_offset;
        n->end_lineno = s->end_lineno, n->end_col_offset = s->end_col_offset;
        n->src = s->src;
    }
    return n;
}

/* A Name node id at s. */
static struct nn_py_node *name_at(struct nn_m2m_eval *ev, const char *id, const struct nn_py_node *s)
{
    struct nn_py_node *n = node_at(ev, NN_PY_Name, s);
    if (n)
        n->s[0] = id;
    return n;
}

/* self.<field> = <field>, for the field annotated at f. */
static struct nn_py_node *store(struct nn_m2m_eval *ev, const struct nn_py_node *f)
{
    struct nn_py_node *st = node_at(ev, NN_PY_Assign, f), *t = node_at(ev, NN_PY_Attribute, f);
    if (!st || !t)
        return NULL;
    t->n[0] = name_at(ev, "self", f);
    t->s[0] = f->n[0]->s[0];
    st->n[0] = t;
    st->n[1] = name_at(ev, f->n[0]->s[0], f);
    return t->n[0] && st->n[1] ? st : NULL;
}

/* Is the annotation a ClassVar (not a field)? */
static int class_var(const struct nn_py_node *ann)
{
    if (ann->kind == NN_PY_Subscript)
        ann = ann->n[0];
    return (ann->kind == NN_PY_Name || ann->kind == NN_PY_Attribute) &&
           strcmp(ann->s[0], "ClassVar") == 0;
}

/* The __init__ of the class statement s: parameters self and the fields. */
static struct nn_py_node *make_init(struct nn_m2m_eval *ev, const struct nn_py_node *s)
{
    struct nn_py_node *def = node_at(ev, NN_PY_FunctionDef, s);
    struct nn_py_node *args = node_at(ev, NN_PY_arguments, s), *self = node_at(ev, NN_PY_arg, s);
    if (!def || !args || !self)
        return NULL;
    self->s[0] = "self";
    struct nn_py_list params = nn_py_list_add((struct nn_py_list){0}, self), defaults = {0}, body = {0};
    for (const struct nn_py_node *f = s->n[2]; f; f = f->next) {
        if (f->kind != NN_PY_AnnAssign || f->n[0]->kind != NN_PY_Name || class_var(f->n[1]))
            continue;
        struct nn_py_node *p = node_at(ev, NN_PY_arg, f), *st = store(ev, f);
        if (!p || !st)
            return NULL;
        p->s[0] = f->n[0]->s[0];
        params = nn_py_list_add(params, p);
        if (f->n[2])
            defaults = nn_py_list_add(defaults, (struct nn_py_node *)f->n[2]);
        else if (defaults.head) /* Python refuses this class */
            return NULL;
        body = nn_py_list_add(body, st);
    }
    args->n[1] = params.head;
    args->n[6] = defaults.head;
    def->s[0] = "__init__";
    def->n[0] = args;
    def->n[1] = body.head ? body.head : node_at(ev, NN_PY_Pass, s);
    return def;
}

int nn_m2m_dataclass(struct nn_m2m_eval *ev, struct nn_mval *cls, struct nn_m2m_env *env,
                     const struct nn_py_node *s)
{
    if (!wants_init(cls, s) || nn_m2m_lookup_here(cls->env, "__init__"))
        return 0;
    struct nn_py_node *def = make_init(ev, s);
    struct nn_mval *f = def ? nn_m2m_new(ev, NN_MV_FUNC) : NULL;
    if (!f) {
        nn_m2m_fail(ev, s, "a field without a default follows one with a default");
        return -1;
    }
    f->node = def;
    f->env = env;
    f->cls = cls;
    nn_m2m_bind(ev, cls->env, "__init__", f);
    return 0;
}
