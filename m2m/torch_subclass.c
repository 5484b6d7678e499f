/* torch_subclass.c - a user subclass of a torch.nn layer class that only
 * changes forward (torchvision's LayerNorm2d: permute, F.layer_norm with
 * the instance's own weights, permute back), and isinstance() of torch.nn
 * values against torch.nn classes. */
#include <string.h>

#include "m2m/torch_int.h"

#define BASE_ATTR "__nnc_base__" /* the instance's layer, built from its arguments */

/* The torch.nn class name of an external base path ("torch.nn.LayerNorm",
 * "torch.nn.modules.normalization.LayerNorm"), or NULL. */
static const char *nn_class_name(const char *path)
{
    if (strncmp(path, "torch.nn.", 9) != 0)
        return NULL;
    const char *dot = strrchr(path, '.');
    return dot + 1;
}

/* The torch.nn layer class cls derives from, or NULL. */
static const struct torch_class *layer_base(struct torch_ctx *c, const struct nn_mval *cls,
                                            int depth)
{
    if (!cls || depth > 16)
        return NULL;
    if (cls->kind == NN_MV_PATH) {
        const char *name = nn_class_name(cls->s);
        return name ? nn_torch_class_named(c, name) : NULL;
    }
    if (cls->kind != NN_MV_CLASS)
        return NULL;
    for (size_t i = 0; i < cls->n; i++) {
        const struct torch_class *r = layer_base(c, cls->items[i], depth + 1);
        if (r)
            return r;
    }
    return NULL;
}

struct nn_mval *nn_torch_layer_subclass(struct torch_ctx *c, const struct nn_py_node *at,
                                        struct nn_mval *cls, struct nn_m2m_args *a)
{
    const struct torch_class *base = layer_base(c, cls, 0);
    if (!base || base->role != TR_LAYER || nn_m2m_method(cls, "__init__") ||
        !nn_m2m_method(cls, "forward"))
        return &nn_m2m_unhandled;
    struct nn_mval *o = nn_m2m_obj_new(&c->t.ev, cls);
    struct nn_mval *layer = o ? nn_torch_make_layer(c, at, base, base->params, a, 0) : NULL;
    if (!layer)
        return NULL;
    nn_m2m_bind(&c->t.ev, o->env, BASE_ATTR, layer);
    return o;
}

/* The instance whose attribute `name` v is (self.weight), or NULL. */
static struct nn_mval *owner(struct nn_mval *v, const char *name)
{
    if (!v || v->kind != NN_MV_HOST || v->tag != T_METHOD || !v->s || strcmp(v->s, name) != 0)
        return NULL;
    struct nn_mval *o = v->ptr;
    return o && o->kind == NN_MV_OBJ ? o : NULL;
}

int nn_torch_is_subclass(struct nn_mval *mod)
{
    return mod->kind == NN_MV_OBJ && nn_m2m_lookup_here(mod->env, BASE_ATTR) != NULL;
}

struct nn_mval *nn_torch_base_fn(struct torch_ctx *c, const struct nn_py_node *at,
                                 const char *name, struct nn_m2m_args *a)
{
    static const char *const args[] = {"input", "normalized_shape", "weight", "bias", "eps"};
    if (strcmp(name, "layer_norm") != 0)
        return &nn_m2m_unhandled;
    struct nn_mval *v[5], *o = NULL;
    for (size_t i = 0; i < 5; i++) {
        v[i] = nn_m2m_arg_at(a, args[i], i, 1);
        struct nn_mval *own = i ? owner(v[i], args[i]) : v[i];
        if (!own || (i > 1 && own != o))
            return &nn_m2m_unhandled;
        o = i ? own : NULL;
    }
    struct nn_mval *layer = nn_m2m_lookup_here(o->env, BASE_ATTR);
    if (!layer || layer->kind != NN_MV_HOST || layer->tag != T_LAYER ||
        ((struct t_layer *)layer->ptr)->cls->kind != NN_K_LAYER_NORM)
        return &nn_m2m_unhandled;
    return nn_torch_apply(c, at, layer, v[0]);
}

int nn_torch_isinstance(struct nn_m2m_eval *ev, const struct nn_mval *v, const char *path)
{
    (void)ev;
    const char *name = nn_class_name(path);
    if (!name || strchr(path + 9, '.') || (v->tag != T_LAYER && v->tag != T_SEQ))
        return -1;
    if (strcmp(name, "Module") == 0)
        return 1;
    if (v->tag == T_SEQ)
        return strcmp(name, "Sequential") == 0;
    return strcmp(((const struct t_layer *)v->ptr)->cls->name, name) == 0;
}

struct nn_mval *nn_torch_layer_more_attr(struct torch_ctx *c, struct t_layer *l, const char *name)
{
    if (strcmp(name, "weight") == 0 || strcmp(name, "bias") == 0) {
        int none = name[0] == 'b' && nn_elem_has(l->proto, NN_A_BIAS) &&
                   !nn_elem_bool(l->proto, NN_A_BIAS);
        return none ? nn_m2m_new(&c->t.ev, NN_MV_NONE) : nn_m2m_host_val(&c->t.ev, T_OPTIM, NULL);
    }
    enum nn_attr_id id = strcmp(name, "kernel_size") == 0 ? NN_A_KERNEL_DIM : NN_A_STRIDE_DIM;
    long long v[3];
    size_t n = nn_elem_ints(l->proto, id, v, 3), rank = (size_t)l->cls->rank;
    if ((strcmp(name, "kernel_size") != 0 && strcmp(name, "stride") != 0) || n < 1 || rank < 1 ||
        rank > 3)
        return &nn_m2m_unhandled;
    struct nn_mval *t = nn_m2m_seq(&c->t.ev, NN_MV_TUPLE, rank);
    for (size_t i = 0; t && i < rank; i++)
        nn_m2m_push(&c->t.ev, t, nn_m2m_int(&c->t.ev, v[n == rank ? i : 0]));
    return t;
}

struct nn_mval *nn_torch_seq_item(struct t_seq *s, const char *name)
{
    for (size_t i = 0; s->names && i < s->n; i++)
        if (s->names[i] && strcmp(s->names[i], name) == 0)
            return s->items[i];
    return NULL;
}

int nn_torch_hasattr(struct nn_m2m_eval *ev, const struct nn_mval *v, const char *name)
{
    static const char *const module_attrs[] = {
        "forward", "append", "extend", "insert", "add_module", "register_module", "modules",
        "children", "named_modules", "named_children", "parameters", "named_parameters",
        "buffers", "training", "to", "eval", "train", "state_dict", "load_state_dict", "apply",
        "cuda", "cpu", "float", "double", "half", "zero_grad", "requires_grad_"};
    (void)ev;
    if (v->tag != T_SEQ)
        return -1;
    if (nn_torch_seq_item(v->ptr, name))
        return 1;
    for (size_t i = 0; i < sizeof module_attrs / sizeof *module_attrs; i++)
        if (strcmp(module_attrs[i], name) == 0)
            return 1;
    return name[0] == '_' ? -1 : 0; /* private attributes: unknown */
}
