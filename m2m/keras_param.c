/* keras_param.c - learned tensors (param) in Keras code: the initializers a
 * learned tensor starts from, and nnc's own LearnedTensor layer (a weight
 * made by add_weight, repeated over the batch of the tensor it is called
 * on), read back as the pivot's Parameter. */
#include <string.h>

#include "m2m/keras_int.h"

/* The number given by keyword kw or at position pos, or def when absent;
 * 0 when given but not a number. */
static int number(struct nn_m2m_args *a, const char *kw, size_t pos, double def, double *out)
{
    struct nn_mval *v = nn_m2m_arg_at(a, kw, pos, 1);
    *out = v && nn_m2m_is_num(v) ? nn_m2m_num(v) : def;
    return !v || nn_m2m_is_num(v);
}

struct nn_mval *nn_keras_initializer(struct keras_ctx *c, const struct nn_py_node *at,
                                     const char *name, struct nn_m2m_args *a)
{
    struct k_init *k = nn_arena_alloc(c->t.ev.a, sizeof *k);
    double mean = 0;
    int ok = 1;
    if (!k)
        return NULL;
    if (strcmp(name, "Constant") == 0)
        ok = number(a, "value", 0, 0.0, &k->value);
    else if (strcmp(name, "Zeros") == 0 || strcmp(name, "Ones") == 0)
        k->value = name[0] == 'O';
    else if (strcmp(name, "RandomNormal") == 0)
        ok = (k->normal = 1) && number(a, "mean", 0, 0.0, &mean) && mean == 0 &&
             number(a, "stddev", 1, 0.05, &k->value);
    else
        return &nn_m2m_unhandled;
    if (!ok)
        return nn_m2m_unmappable(&c->t.ev, at, "keras.initializers.%s: only static numbers (and "
                                 "a mean of 0) have a pivot equivalent", name);
    return nn_m2m_host_val(&c->t.ev, K_INIT, k);
}

/* The shape argument: a tuple or list of positive ints, into s; its length or 0. */
static size_t shape_of(const struct nn_mval *v, long long *s)
{
    if (!v || (v->kind != NN_MV_TUPLE && v->kind != NN_MV_LIST) || v->n < 1 || v->n > 8)
        return 0;
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i]->kind != NN_MV_INT || v->items[i]->i < 1)
            return 0;
        s[i] = v->items[i]->i;
    }
    return v->n;
}

struct nn_mval *nn_keras_learned_tensor(struct keras_ctx *c, const struct nn_py_node *at,
                                        struct nn_m2m_args *a)
{
    static const struct keras_class cls = {"LearnedTensor", "shape initializer", KR_LAYER,
                                           NN_K_PARAMETER, 0};
    struct nn_mval *init = nn_m2m_arg_at(a, "initializer", 1, 1), *name = nn_m2m_kwarg(a, "name");
    long long s[8];
    size_t n = shape_of(nn_m2m_arg_at(a, "shape", 0, 1), s);
    if (!n || !init || init->kind != NN_MV_HOST || init->tag != K_INIT ||
        (name && name->kind != NN_MV_STR))
        return nn_m2m_unmappable(&c->t.ev, at, "LearnedTensor expects a static shape, a "
                                 "keras.initializers object and a name");
    struct k_layer *l = nn_arena_alloc(c->t.ev.a, sizeof *l);
    if (!l || !(l->proto = nn_elem_new(c->t.m, NN_K_PARAMETER)))
        return NULL;
    const struct k_init *k = init->ptr;
    l->cls = &cls;
    l->at = at;
    l->nshape = -1;
    l->center = l->scale = -1;
    l->relu[0] = -1;
    l->name = name ? name->s : NULL;
    l->named = name != NULL;
    nn_elem_set_ints(c->t.m, l->proto, NN_A_TENSOR_SHAPE, s, n);
    if (k->normal)
        nn_elem_set_name(c->t.m, l->proto, NN_A_INIT_TYPE, "normal");
    if (k->value != 0)
        nn_elem_set_float(c->t.m, l->proto, NN_A_INIT_VALUE, k->value);
    return nn_m2m_host_val(&c->t.ev, K_LAYER, l);
}
