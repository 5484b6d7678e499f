/* torch_container.c - subclasses of nn.ModuleDict and nn.ModuleList: the
 * instance keeps its modules, in insertion order, under NN_M2M_CONTAINER
 * (a DICT or a LIST value), which the evaluator iterates, measures and
 * indexes; add_module, append and module attributes add to it, as
 * PyTorch's _modules does. */
#include <string.h>

#include "m2m/torch_int.h"

int nn_torch_is_dict_base(const char *path)
{
    return strcmp(path, "torch.nn.ModuleDict") == 0 ||
           strcmp(path, "torch.nn.modules.container.ModuleDict") == 0;
}

int nn_torch_is_list_base(const char *path)
{
    return strcmp(path, "torch.nn.ModuleList") == 0 ||
           strcmp(path, "torch.nn.modules.container.ModuleList") == 0;
}

int nn_torch_is_container_base(const char *path)
{
    return nn_torch_is_dict_base(path) || nn_torch_is_list_base(path);
}

/* Is v a module (a layer, a Sequential, an encoder, a user module object)? */
static int is_module(struct nn_mval *v)
{
    if (v->kind == NN_MV_HOST)
        return v->tag == T_LAYER || v->tag == T_SEQ || v->tag == T_ENCODER;
    return v->kind == NN_MV_OBJ && v->cls &&
           (nn_m2m_method(v->cls, "forward") || nn_torch_seq_of(v) || nn_m2m_container_of(v));
}

/* Add module v under name to obj's container (a list ignores the name). */
static void put(struct torch_ctx *c, struct nn_mval *cn, const char *name, struct nn_mval *v)
{
    if (cn->kind == NN_MV_DICT)
        nn_m2m_dict_set(&c->t.ev, cn, nn_m2m_str(&c->t.ev, name), v);
    else
        nn_m2m_push(&c->t.ev, cn, v);
}

/* A module stored as an attribute of an nn.Sequential subclass: its next
 * item (PyTorch registers it in _modules, which the Sequential runs); one
 * stored again under its name replaces it in place. */
static void seq_attr(struct torch_ctx *c, struct t_seq *s, const char *name, struct nn_mval *v)
{
    for (size_t i = 0; s->names && i < s->n; i++)
        if (s->names[i] && strcmp(s->names[i], name) == 0) {
            s->items[i] = v;
            return;
        }
    nn_torch_seq_push(c, s, name, v);
}

void nn_torch_container_add(struct torch_ctx *c, struct nn_mval *obj, const char *name,
                            struct nn_mval *v)
{
    struct nn_mval *cn = nn_m2m_container_of(obj);
    if (!name || !v || name[0] == '_' || !is_module(v))
        return;
    if (nn_torch_seq_of(obj) && !cn)
        seq_attr(c, nn_torch_seq_of(obj), name, v);
    if (!cn)
        return;
    if (v->kind == NN_MV_OBJ)
        v->origin = name; /* the item's name, not the local variable it was built in */
    put(c, cn, name, v);
}

/* Name v as item `name` of obj and add it (the attribute PyTorch gives it
 * too): the host's `stored` hook names it and calls nn_torch_container_add. */
static void add_named(struct torch_ctx *c, struct nn_mval *obj, const char *name,
                      struct nn_mval *v)
{
    c->t.ev.host->stored(&c->t.ev, obj, name, v);
    nn_m2m_bind(&c->t.ev, obj->env, name, v);
}

struct nn_mval *nn_torch_container_init(struct torch_ctx *c, const struct nn_py_node *at,
                                        struct nn_mval *sup, struct nn_m2m_args *a)
{
    struct nn_mval *self = sup->self, *src = a->npos ? a->pos[0] : NULL;
    int dict = nn_m2m_class_derives(sup->cls, nn_torch_is_dict_base);
    struct nn_mval *cn = nn_m2m_seq(&c->t.ev, dict ? NN_MV_DICT : NN_MV_LIST, 8);
    if (!cn || !self || self->kind != NN_MV_OBJ)
        return NULL;
    nn_m2m_bind(&c->t.ev, self->env, NN_M2M_CONTAINER, cn);
    if (src && src->kind == NN_MV_NONE)
        src = NULL;
    if (src && (dict ? src->kind != NN_MV_DICT
                     : src->kind != NN_MV_LIST && src->kind != NN_MV_TUPLE))
        return nn_m2m_unmappable(&c->t.ev, at, "a %s is built from a %s of modules",
                                 dict ? "ModuleDict" : "ModuleList", dict ? "dict" : "list");
    for (size_t i = 0; src && i < src->n; i++) {
        const char *key = dict ? nn_m2m_to_str(&c->t.ev, src->keys[i])
                               : nn_arena_printf(c->t.ev.a, "%zu", i);
        if (!key)
            return NULL;
        add_named(c, self, key, src->items[i]);
    }
    return nn_m2m_new(&c->t.ev, NN_MV_NONE);
}

struct nn_mval *nn_torch_container_method(struct torch_ctx *c, struct nn_mval *obj,
                                          const char *name, struct nn_m2m_args *a)
{
    struct nn_mval *cn = nn_m2m_container_of(obj);
    if (!cn || cn->kind != NN_MV_LIST)
        return &nn_m2m_unhandled;
    if (strcmp(name, "append") == 0 && a->npos == 1) {
        add_named(c, obj, nn_arena_printf(c->t.ev.a, "%zu", cn->n), a->pos[0]);
        return nn_m2m_new(&c->t.ev, NN_MV_NONE);
    }
    struct nn_mval *it = strcmp(name, "extend") == 0 && a->npos == 1 ? a->pos[0] : NULL;
    if (!it || (it->kind != NN_MV_LIST && it->kind != NN_MV_TUPLE))
        return &nn_m2m_unhandled;
    for (size_t i = 0; i < it->n; i++)
        add_named(c, obj, nn_arena_printf(c->t.ev.a, "%zu", cn->n), it->items[i]);
    return nn_m2m_new(&c->t.ev, NN_MV_NONE);
}
