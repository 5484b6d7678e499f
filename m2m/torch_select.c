/* torch_select.c - which model of a PyTorch file to migrate: a model class,
 * a factory function (def resnet18(): return ResNet(BasicBlock, [2, 2, 2, 2]),
 * decorated or not), or a variable holding a model; and building it. */
#include <string.h>

#include "m2m/torch_int.h"

/* How deep a factory may go through helper functions before it names a
 * model class (resnet18 -> _resnet -> ResNet is two). */
#define FACTORY_DEPTH 4

/* Is b a model class of the file (an nn.Module subclass defined under its name)? */
static int is_model_class(const struct nn_m2m_bind *b, int (*is_model)(const char *path))
{
    return b->val->kind == NN_MV_CLASS && strcmp(b->name, b->val->node->s[0]) == 0 &&
           nn_m2m_class_derives(b->val, is_model);
}

/* Does the function body fn mention a model class of the file, directly or
 * through the file's other functions (at most depth levels)? */
static int builds_model(struct nn_m2m_eval *ev, const struct nn_py_node *fn,
                        int (*is_model)(const char *path), int depth)
{
    for (struct nn_m2m_bind *o = ev->globals->first; depth > 0 && o; o = o->next) {
        int cls = is_model_class(o, is_model);
        int helper = o->val->kind == NN_MV_FUNC && o->val->node != fn &&
                     o->val->node->kind == NN_PY_FunctionDef;
        if ((cls || helper) && nn_m2m_mentions(fn->n[1], o->name) &&
            (cls || builds_model(ev, o->val->node, is_model, depth - 1)))
            return 1;
    }
    return 0;
}

/* Is the class named name an argument of a call in the tree n (ResNet(BasicBlock, ...))? */
static int passed_in(const struct nn_py_node *n, const char *name, int depth)
{
    for (; n && depth < 200; n = n->next) {
        if (n->kind == NN_PY_Call) {
            for (const struct nn_py_node *a = n->n[1]; a; a = a->next)
                if (a->kind == NN_PY_Name && strcmp(a->s[0], name) == 0)
                    return 1;
            for (const struct nn_py_node *k = n->n[2]; k; k = k->next) /* keywords */
                if (k->n[0] && k->n[0]->kind == NN_PY_Name && strcmp(k->n[0]->s[0], name) == 0)
                    return 1;
        }
        for (int i = 0; i < 7 && n->kind != NN_PY_OPNODE; i++)
            if (n->n[i] && passed_in(n->n[i], name, depth + 1))
                return 1;
    }
    return 0;
}

/* Is class cls handed to a call by a function of the file (def ResNet18():
 * return ResNet(BasicBlock, ...): BasicBlock is a part, not a model)? */
static int part_of_factory(struct nn_m2m_eval *ev, const struct nn_m2m_bind *cls)
{
    for (struct nn_m2m_bind *f = ev->globals->first; f; f = f->next)
        if (f->val->kind == NN_MV_FUNC && f->val->node->kind == NN_PY_FunctionDef &&
            passed_in(f->val->node->n[1], cls->name, 0))
            return 1;
    return 0;
}

/* Is b a public factory function of the file (it builds one of its models)? */
static int is_factory(struct nn_m2m_eval *ev, const struct nn_m2m_bind *b,
                      int (*is_model)(const char *path))
{
    const struct nn_mval *v = b->val;
    return v->kind == NN_MV_FUNC && v->node->kind == NN_PY_FunctionDef && b->name[0] != '_' &&
           strcmp(b->name, v->node->s[0]) == 0 && builds_model(ev, v->node, is_model, FACTORY_DEPTH);
}

/* Does calling class cls need arguments (its __init__ has a parameter without default)? */
static int needs_args(struct nn_mval *cls)
{
    struct nn_mval *init = nn_m2m_method(cls, "__init__");
    if (!init)
        return 0;
    const struct nn_py_node *a = init->node->n[0]; /* arguments */
    size_t npos = nn_py_list_len(a->n[0]) + nn_py_list_len(a->n[1]);
    size_t ndef = nn_py_list_len(a->n[6]);
    for (const struct nn_py_node *d = a->n[4]; d; d = d->next) /* kw_defaults */
        if (d->kind == NN_PY_NONE)
            return 1;
    return npos > ndef + 1; /* self has no default */
}

/* The names of the file's factories, comma separated, or NULL when there is none. */
static const char *factory_list(struct torch_ctx *c, int (*is_model)(const char *path),
                                struct nn_m2m_bind **first, int *count)
{
    const char *list = NULL;
    *count = 0;
    for (struct nn_m2m_bind *b = c->t.ev.globals->first; b; b = b->next)
        if (is_factory(&c->t.ev, b, is_model)) {
            if (!list && first)
                *first = b;
            ++*count;
            list = !list ? b->name
                         : *count <= 8 ? nn_arena_printf(c->t.ev.a, "%s, %s", list, b->name)
                                       : list;
        }
    if (list && *count > 8)
        list = nn_arena_printf(c->t.ev.a, "%s, ... (%d in all)", list, *count);
    return list;
}

/* The file's model classes, comma separated, or NULL. */
static const char *class_list(struct torch_ctx *c, int (*is_model)(const char *path))
{
    const char *list = NULL;
    for (struct nn_m2m_bind *b = c->t.ev.globals->first; b; b = b->next)
        if (is_model_class(b, is_model))
            list = list ? nn_arena_printf(c->t.ev.a, "%s, %s", list, b->name) : b->name;
    return list;
}

/* --class NAME was not found: say what the file offers. */
static void not_found(struct torch_ctx *c, int (*is_model)(const char *path))
{
    int n;
    const char *classes = class_list(c, is_model);
    const char *factories = factory_list(c, is_model, NULL, &n);
    nn_diag(c->t.ev.d, nn_loc_make(c->t.ev.src, 0, 0), NN_ERROR,
            "no model called '%s' in this file%s%s%s%s", c->t.opt->class_name,
            classes ? "; its model classes are " : "", classes ? classes : "",
            factories ? "; its factories are " : "", factories ? factories : "");
}

struct nn_m2m_bind *nn_torch_choose(struct torch_ctx *c, int (*is_model)(const char *path),
                                    int (*is_seq)(const struct nn_mval *v))
{
    struct nn_m2m_bind *best = NULL, *seq = NULL;
    int nroots = 0, best_inst = 0;
    const char *want = c->t.opt ? c->t.opt->class_name : NULL;
    for (struct nn_m2m_bind *b = c->t.ev.globals->first; b; b = b->next) {
        if (want && strcmp(b->name, want) == 0)
            return b;
        if (is_seq(b->val))
            seq = b;
        if (!is_model_class(b, is_model) || nn_m2m_used_by_other(&c->t.ev, b->val, is_model) ||
            part_of_factory(&c->t.ev, b))
            continue;
        nroots++;
        int inst = nn_m2m_pending_of(&c->t.pending, b->val) != NULL;
        if (!best || inst >= best_inst) {
            best = b;
            best_inst = inst;
        }
    }
    if (want) {
        not_found(c, is_model);
        return NULL;
    }
    int nfact = 0;
    struct nn_m2m_bind *fact = NULL;
    const char *factories = factory_list(c, is_model, &fact, &nfact);
    if ((!best && !seq && fact) || (best && !best_inst && fact && needs_args(best->val))) {
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, fact->val->node), NN_NOTE,
                "migrating the factory '%s'%s%s (choose another with --class NAME)", fact->name,
                nfact > 1 ? "; the file's factories are " : "", nfact > 1 ? factories : "");
        return fact;
    }
    if (nroots > 1)
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, best->val->node), NN_NOTE,
                "%d models in this file; migrating '%s' (choose another with --class NAME)",
                nroots, best->name);
    return best ? best : seq;
}

/* Is v a model value (a user module object, a Sequential, a layer)? */
static int is_model_value(const struct nn_mval *v, int (*is_model)(const char *path))
{
    if (v->kind == NN_MV_OBJ)
        return nn_m2m_class_derives(v->cls, is_model);
    return v->kind == NN_MV_HOST && (v->tag == T_SEQ || v->tag == T_LAYER);
}

struct nn_mval *nn_torch_call_factory(struct torch_ctx *c, struct nn_m2m_bind *b,
                                      int (*is_model)(const char *path))
{
    struct nn_mval *fn = b->val;
    struct nn_m2m_args none = {0};
    if (fn->kind != NN_MV_FUNC)
        return fn;
    struct nn_mval *r = nn_m2m_call_func(&c->t.ev, fn->node, fn, NULL, &none);
    if (!r || is_model_value(r, is_model) || nn_m2m_reported(r))
        return r;
    return nn_m2m_unmappable(&c->t.ev, fn->node,
                             "the factory '%s' called without arguments returns %s, not a model",
                             b->name, nn_m2m_describe(&c->t.ev, r));
}

/* Is path torchvision's weights enumeration (the base of X_Weights)? */
static int is_weights_base(const char *path)
{
    size_t n = strlen(path);
    return n >= 11 && strcmp(path + n - 11, "WeightsEnum") == 0 &&
           (n == 11 || path[n - 12] == '.');
}

struct nn_mval *nn_torch_class_attr(struct torch_ctx *c, struct nn_mval *cls, const char *name)
{
    if (strcmp(name, "verify") != 0 || !nn_m2m_class_derives(cls, is_weights_base))
        return &nn_m2m_unhandled;
    struct nn_mval *m = nn_m2m_host_val(&c->t.ev, T_METHOD, cls);
    if (m)
        m->s = name;
    return m;
}

struct nn_mval *nn_torch_class_method(struct torch_ctx *c, const struct nn_py_node *at,
                                      struct nn_mval *cls, const char *name,
                                      struct nn_m2m_args *a)
{
    (void)cls;
    struct nn_mval *w = a->npos == 1 && a->nkw == 0 ? a->pos[0] : NULL;
    if (strcmp(name, "verify") == 0 && w && w->kind == NN_MV_NONE)
        return w; /* WeightsEnum.verify(None) is None: random weights */
    if (!c->t.tracing)
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    return nn_m2m_unmappable(&c->t.ev, at, "pretrained weights are not migrated "
                                           "(the model is built with weights=None)");
}

struct nn_mval *nn_torch_static_call(struct torch_ctx *c, const struct nn_py_node *at,
                                     const char *path, struct nn_m2m_args *a)
{
    static const char *const eager[] = {"torch.jit.is_scripting", "torch.jit.is_tracing",
                                         "torch.compiler.is_compiling"};
    if (c->t.tracing && strcmp(path, "torch.zeros") == 0)
        return nn_m2m_host_val(&c->t.ev, T_ZERO, NULL);
    for (size_t i = 0; i < sizeof eager / sizeof *eager; i++)
        if (strcmp(path, eager[i]) == 0 && a->npos == 0)
            return nn_m2m_new(&c->t.ev, NN_MV_BOOL); /* False */
    if (strcmp(path, "torch._assert") != 0 || a->npos < 1)
        return &nn_m2m_unhandled;
    int t = nn_m2m_truth(a->pos[0]);
    if (t == 1)
        return nn_m2m_new(&c->t.ev, NN_MV_NONE);
    if (!c->t.tracing)
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    return nn_m2m_unmappable(&c->t.ev, at, t == 0 ? "torch._assert fails while building the model"
                                                 : "torch._assert on a value known only at run time");
}

/* Is v a zero state: a T_ZERO value or a tuple of them ((h0, c0))? */
static int zero_state(const struct nn_mval *v)
{
    if (v->kind == NN_MV_HOST)
        return v->tag == T_ZERO;
    if (v->kind != NN_MV_TUPLE || v->n == 0)
        return 0;
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i]->kind != NN_MV_HOST || v->items[i]->tag != T_ZERO)
            return 0;
    return 1;
}

int nn_torch_default_state(struct torch_ctx *c, const struct nn_py_node *at, struct nn_mval *l,
                           struct nn_m2m_args *a)
{
    const struct t_layer *t = l->kind == NN_MV_HOST && l->tag == T_LAYER ? l->ptr : NULL;
    if (!t || !nn_kind_is_rnn(t->cls->kind) || (a->npos <= 1 && a->nkw == 0))
        return 1;
    struct nn_mval *hx = a->npos > 1 ? a->pos[1] : nn_m2m_kwarg(a, "hx");
    if (a->npos <= 2 && a->nkw == (a->npos > 1 ? 0u : 1u) && hx && zero_state(hx))
        return 1;
    return nn_m2m_unmappable(&c->t.ev, at, "an initial state that is not zeros: the pivot's "
                                           "recurrent layers start from zeros") != NULL;
}

/* Is name a word of the space-separated list? */
static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && (p = strstr(p, name)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
            return 1;
    return 0;
}

int nn_torch_store_attr(struct nn_m2m_eval *ev, const struct nn_py_node *at, struct nn_mval *obj,
                        const char *name, struct nn_mval *v)
{
    static const char read[] = "weight bias running_mean running_var num_batches_tracked "
                               "training forward in_proj_weight weight_ih_l0 weight_hh_l0";
    const struct t_layer *l = obj->tag == T_LAYER ? obj->ptr : NULL;
    (void)v;
    if (!l || name[0] == '_' || in_list(read, name) || in_list(l->params, name) ||
        in_list(l->cls->params, name))
        return 0;
    if (!ev->inert_noted) {
        ev->inert_noted = 1;
        nn_diag(ev->d, nn_m2m_loc(ev, at), NN_NOTE,
                "'%s' is nothing the layer reads: the network does not change", name);
    }
    return 1;
}

const char *nn_torch_missing_params(struct torch_ctx *c, struct nn_mval *cls,
                                    const struct nn_py_node **first)
{
    struct nn_mval *init = nn_m2m_method(cls, "__init__");
    if (!init || !needs_args(cls))
        return NULL;
    const struct nn_py_node *a = init->node->n[0];
    size_t npos = nn_py_list_len(a->n[0]) + nn_py_list_len(a->n[1]), i = 0;
    size_t first_default = npos - nn_py_list_len(a->n[6]);
    const char *list = NULL;
    const struct nn_py_node *lists[2] = {a->n[0], a->n[1]};
    for (int l = 0; l < 2; l++)
        for (const struct nn_py_node *p = lists[l]; p; p = p->next, i++)
            if (i > 0 && i < first_default) {
                *first = list ? *first : p;
                list = list ? nn_arena_printf(c->t.ev.a, "%s, %s", list, p->s[0]) : p->s[0];
            }
    const struct nn_py_node *kd = a->n[4];
    for (const struct nn_py_node *p = a->n[3]; p; p = p->next, kd = kd ? kd->next : NULL)
        if (kd && kd->kind == NN_PY_NONE) {
            *first = list ? *first : p;
            list = list ? nn_arena_printf(c->t.ev.a, "%s, %s", list, p->s[0]) : p->s[0];
        }
    return list;
}
