/* keras_main.c - the Keras transformer: host hooks for the evaluator (Keras
 * and TensorFlow names, Sequential, keras.Input, keras.Model, model methods),
 * the choice of the network among the file's models, and the entry point. */
#include <string.h>

#include "grammar/pyparse.h"
#include "m2m/keras_int.h"
#include "m2m/pydetect.h"
#include "frameworks/spell.h"
#include "metamodel/fold.h"

/* ---- names ---- */

/* The part of a dotted name after the Keras package ("layers.Dense"), or NULL. */
static const char *keras_part(const char *p)
{
    static const char *const prefixes[] = {"tensorflow.keras.", "tensorflow.python.keras.",
                                           "keras.src.", "tf_keras.", "keras."};
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(p, prefixes[i], n) == 0)
            return p + n;
    }
    return NULL;
}

/* Does a Keras part name one of the spellings ("models.Sequential" ~ "Sequential")? */
static int is(const char *part, const char *name)
{
    static const char *const mods[] = {"", "models.", "layers.", "engine.", "engine.sequential.",
                                       "engine.training.", "engine.input_layer."};
    for (size_t i = 0; part && i < sizeof mods / sizeof *mods; i++) {
        size_t n = strlen(mods[i]);
        if (strncmp(part, mods[i], n) == 0 && strcmp(part + n, name) == 0)
            return 1;
    }
    return 0;
}

/* The name slot of a layer or sequence value, or NULL. */
static const char **host_name(struct nn_mval *v)
{
    if (v->tag == K_LAYER)
        return &((struct k_layer *)v->ptr)->name;
    if (v->tag == K_SEQ)
        return &((struct k_seq *)v->ptr)->name;
    if (v->tag == K_WEIGHT) /* layerscale */
        return &((struct k_weight *)v->ptr)->name;
    return NULL;
}

static void stored(struct nn_m2m_eval *ev, struct nn_mval *obj, const char *name,
                   struct nn_mval *v)
{
    (void)obj;
    nn_m2m_trace_name(ev, v, name, host_name);
}

/* ---- shapes ---- */

/* Ints of a shape value into out (None: -1); the count, or -1. */
static int shape_of(struct nn_mval *v, long long *out)
{
    if (v && v->kind == NN_MV_INT) {
        out[0] = v->i;
        return 1;
    }
    if (!v || (v->kind != NN_MV_TUPLE && v->kind != NN_MV_LIST) || v->n > 8)
        return -1;
    for (size_t i = 0; i < v->n; i++)
        out[i] = v->items[i]->kind == NN_MV_INT ? v->items[i]->i : -1;
    return (int)v->n;
}

/* Remember an input shape (batch excluded) unless one is known or it has None sizes. */
static void take_shape(long long *dst, int *ndst, const long long *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] <= 0)
            return;
    if (*ndst > 0 || n <= 0)
        return;
    memcpy(dst, s, (size_t)n * sizeof *s);
    *ndst = n;
}

/* A sample input: tf.zeros((1, 28, 28, 1)), np.random.rand(2, 20) ... */
static struct nn_mval *sample(struct keras_ctx *c, struct nn_m2m_args *a, int varargs)
{
    struct nn_mval *x = nn_keras_tensor(c, "input", -1);
    struct k_tensor *t = x ? x->ptr : NULL;
    struct nn_mval *s = nn_m2m_kwarg(a, "shape");
    if (!s)
        s = nn_m2m_kwarg(a, "size");
    if (!s && a->npos)
        s = varargs && a->npos > 1 ? NULL : a->pos[varargs == 2 ? a->npos - 1 : 0];
    long long d[8];
    int n = s ? shape_of(s, d) : -1;
    if (!s && varargs == 1 && a->npos <= 8) /* more axes than a shape holds: none */
        for (n = 0; n < (int)a->npos; n++)
            d[n] = a->pos[n]->kind == NN_MV_INT ? a->pos[n]->i : -1;
    if (t)
        t->sample = 1;
    if (t && n > 1) {
        memcpy(t->shape, d, (size_t)n * sizeof *d);
        t->nshape = n;
    }
    return x;
}

/* Record the shape of a sample a model is called on. */
static void record_sample(long long *dst, int *ndst, struct nn_mval *x)
{
    if (x && x->kind == NN_MV_HOST && x->tag == K_TENSOR) {
        struct k_tensor *t = x->ptr;
        if (t->nshape > 1)
            take_shape(dst, ndst, t->shape + 1, t->nshape - 1);
    }
}

/* model.build((None, 28, 28, 1)) */
static void build_shape(long long *dst, int *ndst, struct nn_m2m_args *a)
{
    long long d[8];
    struct nn_mval *s = nn_m2m_kwarg(a, "input_shape");
    int n = shape_of(s ? s : a->npos ? a->pos[0] : NULL, d);
    if (n > 1)
        take_shape(dst, ndst, d + 1, n - 1);
}

/* ---- constructors ---- */

/* Append to a Sequential. */
static void seq_push(struct keras_ctx *c, struct k_seq *s, struct nn_mval *v)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->items = nn_arena_grow(c->t.ev.a, s->items, s->n, s->cap, sizeof *s->items);
    }
    if (!s->items)
        return;
    s->items[s->n++] = v;
    if (v->kind == NN_MV_HOST && v->tag == K_TENSOR) /* keras.Input(...) first */
        record_sample(s->shape, &s->nshape, v);
    if (v->kind == NN_MV_HOST && v->tag == K_LAYER && s->n == 1) {
        struct k_layer *l = v->ptr;
        if (l->nshape > 0)
            take_shape(s->shape, &s->nshape, l->shape, l->nshape);
    }
}

/* keras.Sequential([layers], name=...) */
static struct nn_mval *sequential(struct keras_ctx *c, struct nn_m2m_args *a)
{
    struct k_seq *s = nn_arena_alloc(c->t.ev.a, sizeof *s);
    if (!s)
        return NULL;
    struct nn_mval *list = nn_m2m_kwarg(a, "layers");
    if (!list && a->npos)
        list = a->pos[0];
    for (size_t i = 0; list && (list->kind == NN_MV_LIST || list->kind == NN_MV_TUPLE) &&
                       i < list->n; i++)
        seq_push(c, s, list->items[i]);
    struct nn_mval *name = nn_m2m_kwarg(a, "name");
    if (name && name->kind == NN_MV_STR)
        s->name = name->s;
    return nn_m2m_host_val(&c->t.ev, K_SEQ, s);
}

/* keras.Input(shape=...): the network input, with its shape. */
static struct nn_mval *input(struct keras_ctx *c, const struct nn_py_node *at,
                             struct nn_m2m_args *a)
{
    struct nn_mval *s = nn_m2m_kwarg(a, "shape");
    if (!s)
        s = nn_m2m_kwarg(a, "batch_shape");
    if (!s && a->npos)
        s = a->pos[0];
    long long d[8];
    int n = shape_of(s, d);
    int batch = nn_m2m_kwarg(a, "batch_shape") != NULL;
    /* several inputs: later inputs feed their layers through a placeholder, the
     * chosen model's inputs named once it is known (keras_inputs.c) */
    const char *src = c->ninputs ? nn_keras_input_src(c, c->ninputs) : "input";
    struct nn_mval *x = nn_keras_tensor(c, src, n >= 0 ? n + 1 - batch : -1);
    struct k_tensor *t = x ? x->ptr : NULL;
    if (t && n - batch > 0 && n - batch < 8) { /* the batch axis first: room for 7 more */
        t->shape[0] = 1;
        memcpy(t->shape + 1, d + batch, (size_t)(n - batch) * sizeof *d);
        t->nshape = n - batch + 1;
    }
    if (!c->ninputs && t)
        c->first_input = t;
    c->ninputs++;
    struct nn_mval *name = nn_m2m_kwarg(a, "name");
    if (t) {
        t->input_at = at;
        t->input_name = name && name->kind == NN_MV_STR ? name->s : NULL;
    }
    return x;
}

/* keras.Model(inputs, outputs): a functional model. */
static struct nn_mval *fmodel(struct keras_ctx *c, const struct nn_py_node *at,
                              struct nn_m2m_args *a)
{
    struct nn_mval *in = nn_m2m_kwarg(a, "inputs"), *out = nn_m2m_kwarg(a, "outputs");
    if (!in && a->npos)
        in = a->pos[0];
    if (!out && a->npos > 1)
        out = a->pos[1];
    if (!in || !out)
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    struct k_fmodel *f = nn_arena_alloc(c->t.ev.a, sizeof *f);
    if (!f)
        return NULL;
    f->out = out;
    f->at = at;
    if (in->kind == NN_MV_HOST && in->tag == K_TENSOR)
        record_sample(c->t.input_shape, &c->t.ninput_shape, in);
    f->in = in;
    struct nn_mval *name = nn_m2m_kwarg(a, "name");
    f->name = name && name->kind == NN_MV_STR ? name->s : NULL;
    struct nn_mval *v = nn_m2m_host_val(&c->t.ev, K_FMODEL, f);
    if (c->nfmodels == c->capfmodels) {
        c->capfmodels = c->capfmodels ? c->capfmodels * 2 : 4;
        c->fmodels = nn_arena_grow(c->t.ev.a, c->fmodels, c->nfmodels, c->capfmodels,
                                   sizeof *c->fmodels);
    }
    if (c->fmodels)
        c->fmodels[c->nfmodels++] = v;
    return v;
}

/* A Keras name called: layers, containers, inputs, models, optimisers ... */
static struct nn_mval *keras_call(struct keras_ctx *c, const struct nn_py_node *at,
                                  const char *part, struct nn_m2m_args *a)
{
    if (c->t.ev.importing && (is(part, "Input") || is(part, "Model") || is(part, "Functional") ||
                              is(part, "Sequential"))) /* kshape: another file's own model */
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    if (is(part, "Sequential"))
        return sequential(c, a);
    if (is(part, "Input"))
        return input(c, at, a);
    if (is(part, "Model") || is(part, "Functional"))
        return fmodel(c, at, a);
    const char *name = strrchr(part, '.') ? strrchr(part, '.') + 1 : part;
    if (strncmp(part, "layers.", 7) == 0 || strchr(part, '.') == NULL) {
        const struct keras_class *cls = nn_keras_class_named(name);
        if (cls)
            return nn_keras_make_layer(c, at, cls, a);
        const struct keras_class *mcls;
        if (nn_keras_merge_fn(name, &mcls) >= 0 && nn_keras_has_tensor(a)) {
            struct nn_mval *l = nn_keras_make_layer(c, at, mcls, &(struct nn_m2m_args){0});
            struct nn_mval *ax = nn_m2m_kwarg(a, "axis");
            if (l && ax && ax->kind == NN_MV_INT) {
                ((struct k_layer *)l->ptr)->axis_given = 1;
                ((struct k_layer *)l->ptr)->axis = ax->i;
            }
            return l ? nn_keras_apply(c, at, l, a->pos[0]) : NULL;
        }
    }
    if (strncmp(part, "optimizers.", 11) == 0)
        return nn_keras_optimiser(c, name, a);
    if (strncmp(part, "regularizers.", 13) == 0)
        return nn_keras_regularizer(c, name, a);
    struct nn_mval *init = strncmp(part, "initializers.", 13) == 0 /* param */
                               ? nn_keras_initializer(c, at, name, a) : &nn_m2m_unhandled;
    if (init != &nn_m2m_unhandled)
        return init;
    struct nn_mval *pos = strncmp(part, "ops.", 4) == 0 ? nn_keras_positions_call(c, at, name, a)
                                                        : &nn_m2m_unhandled;
    if (pos != &nn_m2m_unhandled)
        return pos;
    if (strncmp(part, "activations.", 12) == 0 || strncmp(part, "ops.", 4) == 0)
        return nn_keras_has_tensor(a) ? nn_keras_tf_call(c, at, strncmp(part, "ops.", 4) ? name
                                                      : strcmp(part, "ops.split") ? part + 4
                                                      : part, a) /* split points, not sizes */
                                   : nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    if (strncmp(part, "losses.", 7) == 0 || strncmp(part, "metrics.", 8) == 0 ||
        strncmp(part, "callbacks.", 10) == 0) {
        struct nn_mval *o = nn_m2m_host_val(&c->t.ev, K_OTHER, NULL);
        if (o)
            o->s = name;
        return o;
    }
    struct nn_mval *util = nn_keras_utility(c, at, part, a);
    if (util != &nn_m2m_unhandled)
        return util;
    const char *why = nn_arena_printf(c->t.ev.a, "keras.%s has no pivot equivalent%s", part,
                                      strncmp(part, "layers.", 7) == 0
                                          ? nn_keras_did_you_mean(c, part + 7) : "");
    if (c->t.ev.lenient && !nn_keras_has_tensor(a)) { /* reported if the model uses it */
        struct nn_mval *u = nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
        if (u) {
            u->node = at;
            u->s = why;
        }
        return u;
    }
    return nn_m2m_unmappable(&c->t.ev, at, "%s", why);
}

/* A call of a dotted external name. */
static struct nn_mval *path_call(struct keras_ctx *c, const struct nn_py_node *at,
                                 const char *p, struct nn_m2m_args *a)
{
    static const char *const samples[] = {
        "tensorflow.zeros", "tensorflow.ones", "tensorflow.random.normal",
        "tensorflow.random.uniform", "numpy.zeros", "numpy.ones", "numpy.empty",
        "numpy.random.normal", "numpy.random.random", "numpy.random.uniform"};
    struct nn_mval *w = nn_keras_weight_call(c, at, p, a); /* layerscale */
    if (w != &nn_m2m_unhandled)
        return w;
    const char *part = keras_part(p);
    if (part)
        return keras_call(c, at, part, a);
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++)
        if (strcmp(p, samples[i]) == 0)
            return sample(c, a, 0);
    if (strcmp(p, "numpy.random.rand") == 0 || strcmp(p, "numpy.random.randn") == 0)
        return sample(c, a, 1);
    if (strcmp(p, "numpy.random.randint") == 0 || strcmp(p, "tensorflow.random.stateless_normal") == 0)
        return sample(c, a, 2);
    if (strcmp(p, "tensorflow.range") == 0)
        return nn_keras_positions_call(c, at, "range", a);
    if (strcmp(p, "tensorflow.shape") == 0 && a->npos == 1)
        return nn_m2m_host_val(&c->t.ev, K_SHAPE, a->pos[0]);
    if (strncmp(p, "tensorflow.", 11) == 0 && nn_keras_has_tensor(a))
        return nn_keras_tf_call(c, at, p + 11, a);
    if (nn_keras_has_tensor(a))
        return nn_m2m_unmappable(&c->t.ev, at, "%s on a tensor has no pivot equivalent", p);
    return c->t.ev.lenient ? nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN) : &nn_m2m_unhandled;
}

/* ---- model classes ---- */

static int is_seq_base(const char *path)
{
    const char *part = keras_part(path);
    return part && is(part, "Sequential");
}

static int is_model_base(const char *path)
{
    const char *part = keras_part(path);
    return part && (is(part, "Model") || is(part, "Layer") || is(part, "Sequential"));
}

/* Does class cls derive from keras.Model (not only Layer)? */
static int is_model_only(const char *path)
{
    const char *part = keras_part(path);
    return part && (is(part, "Model") || is(part, "Sequential"));
}

/* A user Model/Layer subclass instantiated: pending at module level, built otherwise. */
static struct nn_mval *instantiate(struct keras_ctx *c, const struct nn_py_node *at,
                                   struct nn_mval *cls, struct nn_m2m_args *a)
{
    if (c->t.ev.importing) /* kshape: a model an imported file builds for itself */
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    return nn_m2m_instantiate(&c->t.ev, &c->t.pending, c->t.tracing, K_PENDING, at, cls, a);
}

/* ---- methods ---- */

/* The shape slots of a model value (Sequential or pending class). */
static int shape_slots(struct nn_mval *m, long long **dst, int **ndst)
{
    if (m->kind == NN_MV_HOST && m->tag == K_SEQ) {
        *dst = ((struct k_seq *)m->ptr)->shape;
        *ndst = &((struct k_seq *)m->ptr)->nshape;
        return 1;
    }
    if (m->kind == NN_MV_HOST && m->tag == K_PENDING) {
        *dst = ((struct nn_m2m_pending *)m->ptr)->shape;
        *ndst = &((struct nn_m2m_pending *)m->ptr)->nshape;
        return 1;
    }
    if (nn_keras_seq_of(m)) {
        *dst = nn_keras_seq_of(m)->shape;
        *ndst = &nn_keras_seq_of(m)->nshape;
        return 1;
    }
    return 0;
}

/* super().__init__(layers, name=...) of a keras.Sequential subclass: the
 * instance is that Sequential, kept under KERAS_SEQ_ATTR. */
static struct nn_mval *seq_init(struct keras_ctx *c, struct nn_mval *sup, struct nn_m2m_args *a)
{
    struct nn_mval *s = sequential(c, a);
    if (!s || !sup->self || sup->self->kind != NN_MV_OBJ)
        return s;
    ((struct k_seq *)s->ptr)->name = NULL; /* the instance's own name prefixes its layers */
    nn_m2m_bind(&c->t.ev, sup->self->env, KERAS_SEQ_ATTR, s);
    return nn_m2m_new(&c->t.ev, NN_MV_NONE);
}

/* Methods of models and Sequentials: add, compile, fit, build, summary ... */
static struct nn_mval *model_method(struct keras_ctx *c, const struct nn_py_node *at,
                                    struct nn_mval *recv, const char *name,
                                    struct nn_m2m_args *a)
{
    long long *dst;
    int *ndst;
    struct k_seq *seq = recv->kind == NN_MV_HOST && recv->tag == K_SEQ ? recv->ptr
                                                                        : nn_keras_seq_of(recv);
    if (recv->kind == NN_MV_SUPER)
        return seq_init(c, recv, a);
    if (strcmp(name, "add_weight") == 0 && recv->kind == NN_MV_OBJ) /* layerscale */
        return nn_keras_add_weight(c, at, recv, a);
    if (strcmp(name, "add") == 0 && seq && a->npos == 1)
        seq_push(c, seq, a->pos[0]);
    else if (strcmp(name, "compile") == 0)
        nn_keras_compile(c, at, a);
    else if (strcmp(name, "fit") == 0)
        nn_keras_fit(c, a);
    else if (strcmp(name, "build") == 0 && a->npos && recv->kind == NN_MV_HOST &&
             recv->tag == K_PENDING && /* several inputs: several shapes */
             nn_keras_record_samples(c, at, ((struct nn_m2m_pending *)recv->ptr)->cls, a->pos[0]))
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN); /* recorded */
    else if (strcmp(name, "build") == 0 && shape_slots(recv, &dst, &ndst))
        build_shape(dst, ndst, a);
    else if (strcmp(name, "build") == 0 && recv->kind == NN_MV_OBJ)
        build_shape(c->t.input_shape, &c->t.ninput_shape, a);
    else if (strcmp(name, "predict") == 0 && shape_slots(recv, &dst, &ndst) && a->npos)
        record_sample(dst, ndst, a->pos[0]);
    else if (c->t.tracing && nn_keras_has_tensor(a))
        return nn_m2m_unmappable(&c->t.ev, at, "the method '%s' has no pivot equivalent", name);
    return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
}

/* A method value bound to recv. */
static struct nn_mval *bind_method(struct keras_ctx *c, struct nn_mval *recv, const char *name)
{
    struct nn_mval *m = nn_m2m_host_val(&c->t.ev, K_METHOD, recv);
    if (m)
        m->s = name;
    return m;
}

/* Calling a host value. */
static struct nn_mval *host_call(struct keras_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *fn, struct nn_m2m_args *a)
{
    struct nn_mval *x = a->npos ? a->pos[0] : nn_m2m_kwarg(a, "inputs");
    long long *dst;
    int *ndst;
    int symbolic = x && nn_keras_has_tensor(a);
    switch (fn->tag) {
    case K_LAYER:
    case K_SEQ:
        if ((symbolic || (c->t.tracing && x)) && fn->tag == K_LAYER &&
            ((struct k_layer *)fn->ptr)->cls->role == KR_LAYER &&
            ((struct k_layer *)fn->ptr)->cls->kind == NN_K_MH_ATTENTION)
            return nn_keras_attention(c, at, fn->ptr, a);
        if (symbolic || (c->t.tracing && x))
            return nn_keras_apply(c, at, fn, x);
        if (shape_slots(fn, &dst, &ndst))
            record_sample(dst, ndst, x);
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    case K_PENDING:
        record_sample(((struct nn_m2m_pending *)fn->ptr)->shape, &((struct nn_m2m_pending *)fn->ptr)->nshape, x);
        nn_keras_record_samples(c, at, ((struct nn_m2m_pending *)fn->ptr)->cls, x); /* several inputs */
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    case K_METHOD: return model_method(c, at, fn->ptr, fn->s, a);
    case K_FMODEL:
        if (symbolic)
            return nn_m2m_unmappable(&c->t.ev, at, "a functional model used as a layer has no "
                                                 "pivot equivalent");
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    default: return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    }
}

/* nnc's own helper `name` (see keras_int.h). */
int nn_keras_own_helper(struct keras_ctx *c, struct nn_mval *cls, const char *name)
{
    return nn_m2m_own_helper(&c->t.ev, cls, name, nn_spell_keras_helper(name));
}

/* nnc's AdaptivePooling("max"|"average", output_size, name=...): the Keras
 * adaptive pooling class of that rank, which the pivot reads directly. */
static struct nn_mval *own_adaptive_pooling(struct keras_ctx *c, const struct nn_py_node *at,
                                            struct nn_m2m_args *a)
{
    struct nn_mval *mode = a->npos > 0 ? a->pos[0] : NULL, *size = a->npos > 1 ? a->pos[1] : NULL;
    if (!mode || mode->kind != NN_MV_STR || !size || size->kind != NN_MV_TUPLE || size->n < 1 ||
        size->n > 3)
        return nn_m2m_unmappable(&c->t.ev, at, "AdaptivePooling expects a mode and a tuple of "
                                             "output sizes known statically");
    const char *cls = nn_arena_printf(c->t.ev.a, "Adaptive%sPooling%zuD",
                                      strcmp(mode->s, "max") == 0 ? "Max" : "Average", size->n);
    struct nn_m2m_args b = *a;
    b.pos = a->pos + 1;
    b.posnode = a->posnode ? a->posnode + 1 : NULL;
    b.npos = a->npos - 1;
    const struct keras_class *k = cls ? nn_keras_class_named(cls) : NULL;
    return k ? nn_keras_make_layer(c, at, k, &b) : NULL;
}

/* nnc's LinearUpsampling(scale, align_corners, name=...): UpSampling of that
 * rank with the linear mode of that rank. */
static struct nn_mval *own_interpolate(struct keras_ctx *c, const struct nn_py_node *at,
                                       struct nn_m2m_args *a)
{
    static const char *const modes[] = {"", "linear", "bilinear", "trilinear"};
    struct nn_mval *size = a->npos > 0 ? a->pos[0] : NULL, *ac = a->npos > 1 ? a->pos[1] : NULL;
    if (!size || size->kind != NN_MV_TUPLE || size->n < 1 || size->n > 3 || !ac ||
        ac->kind != NN_MV_BOOL)
        return nn_m2m_unmappable(&c->t.ev, at, "LinearUpsampling expects a tuple of scale factors "
                                             "and align_corners known statically");
    const char *cls = nn_arena_printf(c->t.ev.a, "UpSampling%zuD", size->n);
    struct nn_m2m_args b = *a;
    b.npos = 1;
    const struct keras_class *k = cls ? nn_keras_class_named(cls) : NULL;
    struct nn_mval *v = k ? nn_keras_make_layer(c, at, k, &b) : NULL;
    if (v && v->kind == NN_MV_HOST && v->tag == K_LAYER) {
        struct k_layer *l = v->ptr;
        nn_elem_set_name(c->t.m, l->proto, NN_A_INTERPOLATE_MODE, modes[size->n]);
        nn_elem_set_bool(c->t.m, l->proto, NN_A_ALIGN_CORNERS, ac->i != 0);
    }
    return v;
}

static struct nn_mval *call(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                            struct nn_mval *fn, struct nn_m2m_args *a)
{
    struct keras_ctx *c = keras_of(ev);
    switch (fn->kind) {
    case NN_MV_PATH: return path_call(c, at, fn->s, a);
    case NN_MV_CLASS:
        if (nn_keras_own_helper(c, fn, "AdaptivePooling"))
            return own_adaptive_pooling(c, at, a);
        if (nn_keras_own_helper(c, fn, "RMSNorm")) /* keras.layers.RMSNormalization's arguments */
            return nn_keras_make_layer(c, at, nn_keras_class_named("RMSNormalization"), a);
        if (nn_keras_own_helper(c, fn, "LinearUpsampling"))
            return own_interpolate(c, at, a);
        if (nn_keras_own_helper(c, fn, "CeilPooling"))
            return nn_keras_own_ceil_pooling(c, at, a);
        if (nn_keras_own_helper(c, fn, "LearnedTensor")) /* param */
            return nn_keras_learned_tensor(c, at, a);
        return nn_m2m_class_derives(fn, is_model_base) ? instantiate(c, at, fn, a)
                                                        : &nn_m2m_unhandled;
    case NN_MV_FUNC: /* nnc's activation functions */
        if (nn_keras_own_helper(c, fn, "hard_swish"))
            return nn_keras_activation(c, at, "hard_swish", a);
        if (nn_keras_own_helper(c, fn, "gelu_tanh"))
            return nn_keras_activation(c, at, "gelu_tanh", a);
        return &nn_m2m_unhandled;
    case NN_MV_OBJ:
        if ((c->t.tracing || nn_keras_has_tensor(a)) && a->npos)
            return nn_keras_apply(c, at, fn, a->pos[0]);
        return nn_m2m_new(ev, NN_MV_UNKNOWN);
    case NN_MV_HOST: return host_call(c, at, fn, a);
    default: return &nn_m2m_unhandled;
    }
}

/* Attributes of a layer's configuration (self.dense.units). */
static struct nn_mval *layer_attr(struct keras_ctx *c, struct k_layer *l, const char *name)
{
    static const struct {
        const char *key;
        enum nn_attr_id id;
    } keys[] = {{"units", NN_A_OUT_FEATURES}, {"filters", NN_A_OUT_CHANNELS},
                {"output_dim", NN_A_EMBEDDING_DIM}, {"input_dim", NN_A_NUM_EMBEDDINGS}};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (strcmp(keys[i].key, name) == 0 && nn_elem_has(l->proto, keys[i].id))
            return nn_m2m_int(&c->t.ev, nn_elem_int(l->proto, keys[i].id));
    if (strcmp(name, "units") == 0 && nn_elem_has(l->proto, NN_A_HIDDEN_SIZE))
        return nn_m2m_int(&c->t.ev, nn_elem_int(l->proto, NN_A_HIDDEN_SIZE));
    return &nn_m2m_unhandled;
}

static struct nn_mval *attr(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                            struct nn_mval *obj, const char *name)
{
    struct keras_ctx *c = keras_of(ev);
    if (obj->kind == NN_MV_OBJ) {
        if (strcmp(name, "training") == 0 || strcmp(name, "built") == 0)
            return nn_m2m_new(ev, NN_MV_BOOL);
        return bind_method(c, obj, name);
    }
    if (obj->kind == NN_MV_SUPER && strcmp(name, "__init__") == 0 &&
        nn_m2m_class_derives(obj->cls, is_seq_base))
        return bind_method(c, obj, name);
    if (obj->kind != NN_MV_HOST)
        return &nn_m2m_unhandled;
    switch (obj->tag) {
    case K_TENSOR:
        if (strcmp(name, "shape") == 0) /* kshape */
            return nn_keras_shape_value(c, at, obj);
        return &nn_m2m_unhandled;
    case K_SEQ:
    case K_PENDING:
    case K_FMODEL: return bind_method(c, obj, name);
    case K_LAYER: return layer_attr(c, obj->ptr, name);
    default: return nn_m2m_new(ev, NN_MV_UNKNOWN);
    }
}

static const struct nn_m2m_host keras_host = {call, attr, nn_keras_binop, nn_keras_subscript, stored,
                                              NULL, NULL, NULL, NULL};

/* ---- choosing and building the network ---- */

/* A binding's value as a model: classes, Sequentials, functional models, instances. */
static int is_model_value(struct keras_ctx *c, struct nn_mval *v)
{
    (void)c;
    if (v->kind == NN_MV_CLASS)
        return nn_m2m_class_derives(v, is_model_base);
    return v->kind == NN_MV_HOST && (v->tag == K_SEQ || v->tag == K_FMODEL || v->tag == K_PENDING);
}

/* A subclass root: a Model subclass (a Layer one when there is no Model) no one uses. */
static struct nn_m2m_bind *class_root(struct keras_ctx *c, int (*base)(const char *))
{
    struct nn_m2m_bind *best = NULL;
    int best_inst = 0, nroots = 0;
    for (struct nn_m2m_bind *b = c->t.ev.globals->first; b; b = b->next) {
        struct nn_mval *v = b->val;
        if (v->kind != NN_MV_CLASS || !nn_m2m_class_derives(v, base) ||
            strcmp(b->name, v->node->s[0]) != 0 || nn_m2m_used_by_other(&c->t.ev, v, is_model_base))
            continue;
        nroots++;
        int inst = nn_m2m_pending_of(&c->t.pending, v) != NULL;
        if (!best || inst >= best_inst) {
            best = b;
            best_inst = inst;
        }
    }
    if (nroots > 1)
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, best->val->node), NN_NOTE,
                "%d models in this file; migrating '%s' (choose another with --class NAME)",
                nroots, best->name);
    return best;
}

/* The network: --class NAME, else a functional model, a Model subclass, a Sequential. */
static struct nn_m2m_bind *choose(struct keras_ctx *c)
{
    struct nn_m2m_bind *seq = NULL, *fm = NULL;
    for (struct nn_m2m_bind *b = c->t.ev.globals->first; b; b = b->next) {
        if (c->t.opt && c->t.opt->class_name && strcmp(b->name, c->t.opt->class_name) == 0 &&
            is_model_value(c, b->val))
            return b;
        if (b->val->kind == NN_MV_HOST && b->val->tag == K_SEQ)
            seq = b;
        if (b->val->kind == NN_MV_HOST && b->val->tag == K_FMODEL) {
            struct nn_mval *out = ((struct k_fmodel *)b->val->ptr)->out;
            if (!fm || (out->kind == NN_MV_HOST && out->tag == K_TENSOR && c->t.last &&
                        strcmp(((struct k_tensor *)out->ptr)->src, c->t.last) == 0))
                fm = b;
        }
    }
    if (c->t.opt && c->t.opt->class_name)
        return NULL;
    if (fm)
        return fm;
    struct nn_m2m_bind *root = class_root(c, is_model_only);
    if (!root && !seq)
        root = class_root(c, is_model_base);
    return root ? root : seq;
}

/* Trace a model value into the pivot from the input x. */
static struct nn_mval *trace_value(struct keras_ctx *c, struct nn_mval *model,
                                   const struct nn_py_node *at)
{
    long long *dst;
    int *ndst;
    if (model->kind == NN_MV_HOST && model->tag == K_PENDING) {
        struct nn_m2m_pending *p = model->ptr;
        take_shape(c->t.input_shape, &c->t.ninput_shape, p->shape, p->nshape);
        model = p->cls;
    }
    if (model->kind == NN_MV_CLASS) {
        struct nn_m2m_pending *p = nn_m2m_pending_of(&c->t.pending, model);
        struct nn_m2m_args none = {0};
        if (p)
            take_shape(c->t.input_shape, &c->t.ninput_shape, p->shape, p->nshape);
        if (!(model = instantiate(c, p ? p->at : model->node, model, p ? p->args : &none)))
            return NULL;
    }
    if (shape_slots(model, &dst, &ndst))
        take_shape(c->t.input_shape, &c->t.ninput_shape, dst, *ndst);
    struct nn_mval *x = nn_keras_tensor(c, "input", c->t.ninput_shape > 0 ? c->t.ninput_shape + 1 : -1);
    if (model->kind == NN_MV_OBJ) {
        struct nn_mval *fn = nn_m2m_method(model->cls, "call");
        if (!fn && nn_keras_seq_of(model))
            return nn_keras_apply(c, at, model, x);
        if (!fn)
            return nn_m2m_unmappable(&c->t.ev, at, "the model has no call method");
        struct nn_mval *xs = nn_keras_sample_inputs(c, model->cls); /* several inputs */
        struct nn_mval *pos[1] = {xs ? xs : x};
        const struct nn_py_node *pn[1] = {fn->node};
        struct nn_m2m_args a = {.pos = pos, .posnode = pn, .npos = 1};
        struct nn_mval *out = nn_m2m_call_func(&c->t.ev, fn->node, fn, model, &a);
        if (out && xs && !nn_keras_model_inputs(c, &(struct k_fmodel){.in = xs, .at = at}))
            return NULL;
        return out;
    }
    return nn_keras_apply(c, at, model, x);
}

/* The traced output must be the last module's. */
static void finish_output(struct keras_ctx *c, struct nn_mval *out, const struct nn_py_node *at)
{
    if (out->kind == NN_MV_LIST || out->kind == NN_MV_TUPLE) {
        nn_m2m_unmappable(&c->t.ev, at, "a model with several outputs has no pivot equivalent");
        return;
    }
    if ((out = nn_keras_as_tensor(c, at, out)) && out->kind == NN_MV_HOST) {
        struct k_tensor *t = out->ptr;
        if (!c->t.last || strcmp(t->src, c->t.last) != 0)
            nn_m2m_unmappable(&c->t.ev, at, "the model's output is not the last value it "
                                          "computes (the pivot's output is its last module)");
    }
    nn_m2m_trace_place_gaps(&c->t); /* gaps after the last module end the network */
}

/* Build the chosen model's modules; returns its output (NULL after an error). */
static struct nn_mval *build(struct keras_ctx *c, struct nn_m2m_bind *b,
                             const struct nn_py_node *module)
{
    const char *name = b->name;
    c->t.tracing = 1;
    c->t.ev.lenient = 0;
    if (b->val->kind == NN_MV_HOST && b->val->tag == K_FMODEL) {
        struct k_fmodel *f = b->val->ptr;
        if (nn_keras_several_inputs(f->in) && !nn_keras_model_inputs(c, f))
            return NULL; /* several inputs */
        if (!nn_keras_several_inputs(f->in))
            nn_keras_model_input(c, f);
        if (f->in->kind == NN_MV_HOST && f->in->tag == K_TENSOR &&
            ((struct k_tensor *)f->in->ptr)->nshape > 1) {
            c->t.ninput_shape = 0; /* this model's input, not another one's of the file */
            record_sample(c->t.input_shape, &c->t.ninput_shape, f->in);
        }
        if (f->name)
            name = f->name;
        c->t.net->head.name = name;
        return f->out;
    }
    if (b->val->kind == NN_MV_HOST && b->val->tag == K_SEQ && ((struct k_seq *)b->val->ptr)->name)
        name = ((struct k_seq *)b->val->ptr)->name;
    c->t.net->head.name = name;
    if (b->val->kind == NN_MV_HOST && b->val->tag == K_SEQ)
        ((struct k_seq *)b->val->ptr)->name = NULL; /* the network itself: no prefix */
    return trace_value(c, b->val, module);
}

int nn_m2m_keras_detect(const struct nn_source *src)
{
    return (nn_m2m_py_kind(src) & NN_PYSRC_KERAS) != 0;
}

/* Set up the context and run the module's code (leniently). */
static struct keras_ctx *start(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                               const struct nn_read_options *o, const struct nn_py_node *module)
{
    struct keras_ctx *c = nn_arena_alloc(&m->arena, sizeof *c);
    if (!c)
        return NULL;
    c->t.m = m;
    c->t.net = &m->net;
    c->t.opt = o;
    c->t.ninput_shape = -1;
    nn_m2m_eval_init(&c->t.ev, &m->arena, src, d, &keras_host, c);
    c->t.ev.resolve_siblings = 1; /* kshape: builders in files beside the one read */
    c->t.ev.keep_going = o && o->keep_going;
    m->net.head.kind = NN_K_NETWORK;
    m->weights_source = "keras"; /* weights: layers' weights_from are layer names */
    nn_m2m_bind(&c->t.ev, c->t.ev.globals, "__name__", nn_m2m_str(&c->t.ev, "__main__"));
    nn_m2m_exec_module(&c->t.ev, module);
    return c;
}

/* One warning per model for the training-only arguments dropped. */
static void train_only_warning(struct keras_ctx *c)
{
    if (!c->ntrain)
        return;
    const char *why = c->reg.why ? nn_arena_printf(c->t.ev.a, " (%s)", c->reg.why) : "";
    if (c->ntrain == 1)
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, c->train_at), NN_WARNING,
                "%s= only affects training (it never changes inference); the pivot has no "
                "equivalent%s: dropped", c->train_what, why);
    else
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, c->train_at), NN_WARNING,
                "%s= here and %d more training-only arguments (regularizers, constraints, "
                "recurrent dropout) only affect training (they never change inference); the "
                "pivot has no equivalent%s: dropped", c->train_what, c->ntrain - 1, why);
}

/* One note per model for the augmentation layers left out. */
static void augment_note(struct keras_ctx *c)
{
    if (c->naugment)
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, c->augment_at), NN_NOTE,
                "%s%s the identity at inference (data augmentation runs only in "
                "training): not in the pivot", c->augment_what,
                c->naugment > 1 ? " and the other augmentation layers of this model are" : " is");
}

/* verify: the expression that builds the chosen model in the source's
 * namespace: the --class call as given, a call of the class or builder
 * function, or the variable holding the model. */
static const char *source_builder(struct keras_ctx *c, const struct nn_m2m_bind *b,
                                  const struct nn_read_options *o)
{
    if (o && o->class_name && strchr(o->class_name, '('))
        return o->class_name;
    if (b->val->kind == NN_MV_CLASS || b->val->kind == NN_MV_FUNC)
        return nn_arena_printf(c->t.ev.a, "%s()", b->name);
    return b->name;
}

int nn_m2m_keras_read(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                      const struct nn_read_options *o)
{
    int before = d->errors;
    struct nn_py_node *module = nn_py_parse(src, &m->arena, d);
    if (!module)
        return d->errors - before ? d->errors - before : 1;
    struct keras_ctx *c = start(src, m, d, o, module);
    if (!c)
        return 1;
    int failed = 0;
    struct nn_m2m_bind *b = o && o->class_name ? nn_keras_call_builder(c, o->class_name, &failed)
                                               : NULL;
    if (failed)
        return d->errors - before ? d->errors - before : 1;
    if (!b)
        b = choose(c);
    if (!b && d->errors > before) /* the model failed at a construct already reported */
        return d->errors - before;
    if (!b) {
        nn_diag(d, nn_loc_make(src, 0, 0), NN_ERROR,
                o && o->class_name ? "no model called '%s' in this file"
                                   : "no Keras model found (no Sequential, no keras.Model "
                                     "subclass, no keras.Model(inputs, outputs))%s",
                o && o->class_name ? o->class_name : "");
        return d->errors - before;
    }
    m->source_builder = source_builder(c, b, o);
    int errors = d->errors;
    struct nn_mval *out = build(c, b, module);
    if (out && d->errors == errors)
        finish_output(c, out, module);
    nn_blocks_extract(&c->t.blocks, &c->t.ev, &c->t.names, m, c->t.net);
    if (d->errors == before)
        nn_keras_shapes(c, module);
    for (size_t i = 0; i <= m->net.nsubnets; i++) {
        struct nn_network *n = i < m->net.nsubnets ? &m->net.subnets[i] : &m->net;
        nn_net_index(m, n); /* for nn_net_elem_named: a linear fold; dropped after */
        nn_fold_activations(m, n);
        n->names = NULL;
    }
    const struct nn_mval *v = b->val;
    nn_m2m_attach_comments(m, v->kind == NN_MV_OBJ && v->cls ? v->cls->node : v->node, module);
    nn_keras_build_config(c);
    nn_keras_regularizers_settle(c);
    train_only_warning(c);
    nn_keras_initializer_note(c);
    augment_note(c);
    nn_m2m_place_gaps(&c->t.ev, &c->t.names, m, &m->net); /* any gap left: nothing is dropped */
    return d->errors - before;
}
