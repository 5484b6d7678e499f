/* keras_weight.c - custom Keras layers that own weights (layerscale): a
 * weight made by self.add_weight in build() or __init__ and used in call()
 * with a tensor (x * self.gamma, x + self.pos_embed) or repeated over a
 * tensor's batch (ops.broadcast_to / tile / repeat of a class token), read
 * as the pivot's Parameter layer fed by that tensor. */
#include <ctype.h>
#include <string.h>

#include "m2m/keras_int.h"

#define BUILT_ATTR "__nnc_built__"

/* The weight v is, or NULL. */
static struct k_weight *weight_of(const struct nn_mval *v)
{
    return v && v->kind == NN_MV_HOST && v->tag == K_WEIGHT ? v->ptr : NULL;
}

/* A static size: an int, or ops.shape(x)[k] known statically; -1
 * otherwise, -2 after a located error (a K_DIM not known). */
static long long size_of(struct keras_ctx *c, const struct nn_py_node *at, struct nn_mval *v)
{
    if (v && v->kind == NN_MV_HOST && v->tag == K_DIM && !(v = nn_keras_dim_value(c, at, v)))
        return -2;
    return v && v->kind == NN_MV_INT && v->i >= 1 ? v->i : -1;
}

/* add_weight's shape= into w: 1; 0 when it is not 1 to 8 static positive
 * sizes, -1 after a located error. */
static int weight_shape(struct keras_ctx *c, const struct nn_py_node *at, struct nn_mval *v,
                        struct k_weight *w)
{
    if (!v || (v->kind != NN_MV_TUPLE && v->kind != NN_MV_LIST) || v->n < 1 || v->n > 8)
        return 0;
    for (size_t i = 0; i < v->n; i++)
        if ((w->shape[i] = size_of(c, at, v->items[i])) < 1)
            return (int)w->shape[i] == -2 ? -1 : 0;
    w->n = (int)v->n;
    return 1;
}

/* initializer=: a keras.initializers object with a pivot equivalent, or
 * "zeros" / "ones"; 0 for anything else (None is Keras's glorot_uniform). */
static int weight_init(const struct nn_mval *v, struct k_init *k)
{
    if (v && v->kind == NN_MV_HOST && v->tag == K_INIT) {
        *k = *(const struct k_init *)v->ptr;
        return 1;
    }
    if (v && v->kind == NN_MV_STR && (strcmp(v->s, "zeros") == 0 || strcmp(v->s, "ones") == 0)) {
        k->normal = 0;
        k->value = v->s[0] == 'o';
        return 1;
    }
    return 0;
}

/* Only dtype=, name=, trainable=True beside the shape and the initializer. */
static int plain_options(const struct nn_m2m_args *a)
{
    for (size_t i = 0; i < a->nkw; i++) {
        const char *k = a->kwname[i];
        if (strcmp(k, "shape") == 0 || strcmp(k, "initializer") == 0 ||
            strcmp(k, "dtype") == 0 || strcmp(k, "name") == 0)
            continue;
        if (strcmp(k, "trainable") == 0 && nn_m2m_truth(a->kw[i]) == 1)
            continue;
        return 0;
    }
    return a->npos <= 2;
}

struct nn_mval *nn_keras_add_weight(struct keras_ctx *c, const struct nn_py_node *at,
                                    struct nn_mval *obj, struct nn_m2m_args *a)
{
    struct k_weight *w = nn_arena_alloc(c->t.ev.a, sizeof *w);
    if (!w)
        return NULL;
    int shaped = plain_options(a) ? weight_shape(c, at, nn_m2m_arg_at(a, "shape", 0, 1), w) : 0;
    if (shaped < 0)
        return NULL;
    if (!shaped || !weight_init(nn_m2m_arg_at(a, "initializer", 1, 1), &w->init))
        return nn_m2m_unmappable(&c->t.ev, at, "add_weight has a pivot equivalent for a static "
                                 "shape, a constant, zeros, ones or RandomNormal(mean=0) "
                                 "initializer, and a trainable weight (no regularizer or "
                                 "constraint)");
    w->at = at;
    w->owner = obj->env;
    return nn_m2m_host_val(&c->t.ev, K_WEIGHT, w);
}

int nn_keras_build_once(struct keras_ctx *c, const struct nn_py_node *at, struct nn_mval *obj,
                        struct nn_mval *build, struct nn_mval *x)
{
    if (nn_m2m_lookup_here(obj->env, BUILT_ATTR))
        return 1;
    nn_m2m_bind(&c->t.ev, obj->env, BUILT_ATTR, nn_m2m_new(&c->t.ev, NN_MV_NONE));
    struct nn_mval *add = nn_m2m_host_val(&c->t.ev, K_METHOD, obj);
    if (!add)
        return 0;
    add->s = "add_weight"; /* before a base class read from Keras's own source */
    nn_m2m_bind(&c->t.ev, obj->env, "add_weight", add);
    struct nn_mval *shape = nn_keras_shape_value(c, at, x);
    if (!shape)
        return 0;
    struct nn_mval *pos[1] = {shape};
    const struct nn_py_node *pn[1] = {at};
    struct nn_m2m_args a = {.pos = pos, .posnode = pn, .npos = 1};
    int tracing = c->t.tracing;
    c->t.tracing = 1;
    struct nn_mval *r = nn_m2m_call_func(&c->t.ev, at, build, obj, &a);
    c->t.tracing = tracing;
    return r != NULL;
}

/* How many weights the layer that made w holds. */
static size_t owner_weights(const struct k_weight *w)
{
    size_t n = 0;
    for (const struct nn_m2m_bind *b = w->owner->first; b; b = b->next)
        n += weight_of(b->val) != NULL;
    return n;
}

/* The Parameter's name: the path of the layers it is in, else the custom
 * layer's name= (the name its weights go by), then the attribute when that
 * layer holds more than one weight. */
static const char *weight_name(struct keras_ctx *c, const struct k_weight *w)
{
    const char *s = "";
    for (int i = 0; i < c->t.nprefix && s; i++)
        if (c->t.prefix[i] && c->t.prefix[i][0])
            s = nn_arena_printf(c->t.ev.a, "%s%s%s", s, s[0] ? "_" : "", c->t.prefix[i]);
    const struct nn_mval *named = nn_m2m_lookup_here(w->owner, "name"); /* Layer(name=...) */
    if (s && !s[0] && named && named->kind == NN_MV_STR && named->s[0])
        s = named->s;
    const char *own = w->name ? w->name : "weight";
    if (s && (!s[0] || owner_weights(w) > 1))
        s = nn_arena_printf(c->t.ev.a, "%s%s%s", s, s[0] ? "_" : "", own);
    char *clean = s ? nn_arena_strdup(c->t.ev.a, s) : NULL;
    for (char *p = clean; p && *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            *p = '_';
    if (clean && isdigit((unsigned char)clean[0]))
        clean = nn_arena_printf(c->t.ev.a, "m_%s", clean);
    return clean ? nn_keras_unique(c, clean) : NULL;
}

/* weights: where w is in the source: the blocks' names, then the attribute. */
static const char *weight_path(struct keras_ctx *c, const struct k_weight *w)
{
    const char *s = "";
    for (int i = 0; i < c->t.nprefix && s; i++)
        if (c->t.prefix[i] && c->t.prefix[i][0])
            s = nn_arena_printf(c->t.ev.a, "%s%s/", s, c->t.prefix[i]);
    return s ? nn_arena_printf(c->t.ev.a, "%s%s", s, w->name ? w->name : "weight") : NULL;
}

/* The Parameter layer of w with tensor_shape s[0..n), fed by the tensor t;
 * a tensor of rank n + 1, or NULL after an error. */
static struct nn_mval *param_layer(struct keras_ctx *c, const struct nn_py_node *at,
                                   struct k_weight *w, const struct k_tensor *t,
                                   const long long *s, int n)
{
    if (w->layer) {
        if (w->pn != n || memcmp(w->pshape, s, (size_t)n * sizeof *s) != 0)
            return nn_m2m_unmappable(&c->t.ev, at, "a weight used with tensors of different "
                                     "ranks has no single pivot shape");
        return nn_keras_tensor(c, w->layer, n + 1);
    }
    struct nn_elem *proto = nn_elem_new(c->t.m, NN_K_PARAMETER);
    const char *name = proto ? weight_name(c, w) : NULL;
    if (!name)
        return NULL;
    nn_elem_set_ints(c->t.m, proto, NN_A_TENSOR_SHAPE, s, (size_t)n);
    if (w->init.normal)
        nn_elem_set_name(c->t.m, proto, NN_A_INIT_TYPE, "normal");
    if (w->init.value != 0)
        nn_elem_set_float(c->t.m, proto, NN_A_INIT_VALUE, w->init.value);
    struct nn_elem *e = nn_m2m_trace_emit_layer(&c->t, proto, name, t->src);
    if (!e)
        return NULL;
    e->weights_from = weight_path(c, w);
    memcpy(w->pshape, s, (size_t)n * sizeof *s);
    w->pn = n;
    w->layer = e->name;
    return nn_keras_tensor(c, e->name, n + 1);
}

/* w met by tensor x in arithmetic: its shape broadcast against x's (a
 * leading batch axis of 1 dropped, leading axes of 1 added). */
static struct nn_mval *weight_against(struct keras_ctx *c, const struct nn_py_node *at,
                                      struct k_weight *w, const struct k_tensor *t)
{
    int skip = w->n == t->rank && w->shape[0] == 1;
    if (t->rank < 2 || t->rank > 9 || w->n - skip > t->rank - 1)
        return nn_m2m_unmappable(&c->t.ev, at, "a weight must broadcast over the batch of the "
                                 "tensor it meets (at most as many axes, a first axis of 1 "
                                 "when as many)");
    long long s[8];
    int r = t->rank - 1, pad = r - (w->n - skip);
    for (int i = 0; i < r; i++)
        s[i] = i < pad ? 1 : w->shape[i - pad + skip];
    return param_layer(c, at, w, t, s, r);
}

int nn_keras_weight_operands(struct keras_ctx *c, const struct nn_py_node *at, struct nn_mval **a,
                             struct nn_mval **b)
{
    struct k_weight *wa = weight_of(*a), *wb = weight_of(*b);
    if (!wa && !wb)
        return 1;
    struct nn_mval *x = wa ? *b : *a;
    if (weight_of(x) || x->kind != NN_MV_HOST || (x->tag != K_TENSOR && x->tag != K_RNNOUT)) {
        nn_m2m_unmappable(&c->t.ev, at, "a weight made by add_weight takes part in "
                          "arithmetic only with a tensor of call()");
        return 0;
    }
    if (!(x = nn_keras_as_tensor(c, at, x)) || x->kind != NN_MV_HOST || x->tag != K_TENSOR)
        return 0;
    *(wa ? b : a) = x;
    struct nn_mval **p = wa ? a : b;
    *p = weight_against(c, at, wa ? wa : wb, x->ptr);
    return *p != NULL;
}

/* The tensor whose batch size v is (ops.shape(x)[0]), or NULL. */
static const struct k_tensor *batch_of(const struct nn_mval *v)
{
    const struct nn_mval *x = v && v->kind == NN_MV_HOST && v->tag == K_DIM && v->i == 0
                                  ? v->ptr : NULL;
    return x && x->kind == NN_MV_HOST && x->tag == K_TENSOR ? x->ptr : NULL;
}

/* broadcast_to(w, (batch, d1, ..., dk)): w (a first axis of 1 when it has
 * k + 1 axes) equal to (d1, ..., dk) after leading axes of 1; the
 * Parameter's output, NULL after an error, &nn_m2m_unhandled otherwise. */
static struct nn_mval *broadcast(struct keras_ctx *c, const struct nn_py_node *at,
                                 struct k_weight *w, struct nn_mval *shape)
{
    const struct k_tensor *t = shape && (shape->kind == NN_MV_TUPLE || shape->kind == NN_MV_LIST)
                                   && shape->n >= 2 && shape->n <= 9 ? batch_of(shape->items[0])
                                   : NULL;
    int k = t ? (int)shape->n - 1 : 0, skip = t && w->n == k + 1 && w->shape[0] == 1;
    int ok = t && w->n - skip <= k;
    long long s[8];
    for (int i = 0; ok && i < k; i++) {
        int j = i - (k - (w->n - skip)); /* w's axis under target axis i, or < 0 */
        if ((s[i] = size_of(c, at, shape->items[i + 1])) == -2)
            return NULL;
        ok = s[i] >= 1 && (j < 0 ? 1 : w->shape[j + skip]) == s[i];
    }
    return ok ? param_layer(c, at, w, t, s, k) : &nn_m2m_unhandled;
}

/* tile(w, (batch, 1, ...)) and repeat(w, batch, axis=0) with w's first
 * axis 1; as broadcast. */
static struct nn_mval *repeat(struct keras_ctx *c, const struct nn_py_node *at,
                              struct k_weight *w, const char *fn, struct nn_m2m_args *a)
{
    const struct k_tensor *t = NULL;
    if (strcmp(fn, "tile") == 0) {
        struct nn_mval *r = nn_m2m_arg_at(a, "repeats", 1, 1);
        int ok = r && (r->kind == NN_MV_TUPLE || r->kind == NN_MV_LIST) && (int)r->n == w->n;
        for (size_t i = 1; ok && i < r->n; i++)
            ok = r->items[i]->kind == NN_MV_INT && r->items[i]->i == 1;
        t = ok ? batch_of(r->items[0]) : NULL;
    } else {
        struct nn_mval *ax = nn_m2m_arg_at(a, "axis", 2, 1);
        if (ax && ax->kind == NN_MV_INT && ax->i == 0)
            t = batch_of(nn_m2m_arg_at(a, "repeats", 1, 1));
    }
    if (!t || w->n < 2 || w->shape[0] != 1)
        return &nn_m2m_unhandled;
    return param_layer(c, at, w, t, w->shape + 1, w->n - 1);
}

struct nn_mval *nn_keras_weight_call(struct keras_ctx *c, const struct nn_py_node *at,
                                     const char *path, struct nn_m2m_args *a)
{
    static const char *const arith[] = {"add", "multiply", "subtract", "divide", "true_divide"};
    struct k_weight *w = a->npos ? weight_of(a->pos[0]) : NULL;
    const char *fn = strrchr(path, '.') ? strrchr(path, '.') + 1 : path;
    if (!w)
        return &nn_m2m_unhandled;
    for (size_t i = 0; i < sizeof arith / sizeof *arith; i++)
        if (strcmp(fn, arith[i]) == 0)
            return &nn_m2m_unhandled; /* nn_keras_binop meets it */
    struct nn_mval *r = &nn_m2m_unhandled;
    if (strcmp(fn, "broadcast_to") == 0)
        r = broadcast(c, at, w, nn_m2m_arg_at(a, "shape", 1, 1));
    else if (strcmp(fn, "tile") == 0 || strcmp(fn, "repeat") == 0)
        r = repeat(c, at, w, fn, a);
    if (r != &nn_m2m_unhandled)
        return r;
    return nn_m2m_unmappable(&c->t.ev, at, "%s of a weight made by add_weight has no pivot "
                             "equivalent: it may meet a tensor of call() in arithmetic, or be "
                             "repeated over its batch (broadcast_to(w, (ops.shape(x)[0], ...)), "
                             "tile(w, (ops.shape(x)[0], 1, ...)), repeat(w, ops.shape(x)[0], "
                             "axis=0))", fn);
}
