/* keras_inputs.c - a functional Keras model with several keras.Input
 * tensors: the pivot's named inputs (the inputs: section), in the order of
 * the model's inputs=, each named by its name= (else the variable it was
 * stored in, else its key in a dict of inputs) with its shape=.
 *
 * While the file runs, the first keras.Input feeds its layers as "input"
 * (the network's input for a model with one) and every later one as a
 * placeholder source; once the model is chosen, those sources become the
 * inputs' names. */
#include <string.h>

#include "m2m/keras_int.h"

/* The placeholder source of the k-th keras.Input of the file (k from 1). */
const char *nn_keras_input_src(struct keras_ctx *c, int k)
{
    return nn_arena_printf(c->t.ev.a, "input.%d", k);
}

/* Does v hold several model inputs (a list, tuple or dict of two or more)? */
int nn_keras_several_inputs(const struct nn_mval *v)
{
    return (v->kind == NN_MV_LIST || v->kind == NN_MV_TUPLE || v->kind == NN_MV_DICT) && v->n >= 2;
}

/* A source renamed from -> to. */
struct rename {
    const char *from, *to;
};

/* Rename one module reference when it is the renamed source. */
static void rename_slot(const struct rename *r, const char **slot)
{
    if (*slot && strcmp(*slot, r->from) == 0)
        *slot = r->to;
}

/* Rename the sources element e reads. */
static void rename_refs(const struct rename *r, struct nn_elem *e)
{
    static const enum nn_attr_id ids[] = {NN_A_NAME_LAYER_INPUT, NN_A_NAME_KV_INPUT};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        struct nn_attr *a = (struct nn_attr *)nn_elem_attr(e, ids[i]);
        if (a && a->v.s)
            rename_slot(r, &a->v.s);
    }
    struct nn_attr *a = (struct nn_attr *)nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
    for (size_t k = 0; a && k < a->v.n; k++)
        if (a->v.items[k].type == NN_V_NAME)
            rename_slot(r, &a->v.items[k].s);
}

/* Rename a source in every layer and op of the network read so far. */
static void rename_everywhere(struct keras_ctx *c, const char *from, const char *to)
{
    const struct rename r = {from, to};
    for (size_t k = 0; k <= c->t.m->net.nsubnets; k++) {
        struct nn_network *n = k ? &c->t.m->net.subnets[k - 1] : &c->t.m->net;
        for (size_t i = 0; i < n->nlayers; i++)
            rename_refs(&r, &n->layers[i]);
        for (size_t i = 0; i < n->nops; i++)
            rename_refs(&r, &n->ops[i]);
    }
}

/* The name of the model's i-th input x: name=, the variable, the dict key, input_i. */
static const char *input_name(struct keras_ctx *c, struct nn_mval *in, size_t i,
                              struct nn_mval *x)
{
    const struct k_tensor *t = x->ptr;
    if (t->input_name)
        return t->input_name;
    if (x->origin)
        return x->origin;
    if (in->kind == NN_MV_DICT && in->keys[i]->kind == NN_MV_STR)
        return in->keys[i]->s;
    return nn_arena_printf(c->t.ev.a, "input_%zu", i + 1);
}

/* The pivot input for item i of inputs=, its shape from keras.Input; 0 after an error. */
static int add_input(struct keras_ctx *c, const struct k_fmodel *f, size_t i)
{
    struct nn_mval *x = f->in->items[i];
    const struct k_tensor *t = x && x->kind == NN_MV_HOST && x->tag == K_TENSOR ? x->ptr : NULL;
    if (!t || !t->input_at) {
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, f->at), NN_ERROR,
                "input %zu of this model is not a keras.Input: no pivot equivalent", i + 1);
        return 0;
    }
    const char *name = input_name(c, f->in, i, x);
    int known = t->nshape > 1;
    for (int k = 1; k < t->nshape; k++)
        known &= t->shape[k] > 0;
    if (!known)
        t = NULL;
    if (!t || nn_net_input_named(c->t.net, name) >= 0) {
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, ((const struct k_tensor *)x->ptr)->input_at),
                NN_ERROR, t ? "a second model input called '%s' (give each keras.Input its "
                              "own name=)"
                            : "the shape of input '%s' is not known: give keras.Input every "
                              "size (shape=...)", name);
        return 0;
    }
    struct nn_elem *e = nn_net_add_input(c->t.m, c->t.net);
    if (!e)
        return 0;
    e->name = name;
    e->loc = nn_m2m_loc(&c->t.ev, t->input_at);
    nn_elem_set_ints(c->t.m, e, NN_A_INPUT_SHAPE, t->shape + 1, (size_t)(t->nshape - 1));
    rename_everywhere(c, t->src, name);
    return 1;
}

/* The first module, fed by the file's first keras.Input without naming it:
 * name it when that input is not the pivot's first. */
static void first_module_input(struct keras_ctx *c, const char *first)
{
    struct nn_network *n = c->t.net;
    if (!first || !n->nmodules || strcmp(first, n->inputs[0].name) == 0)
        return;
    const char *name = n->modules[0].name;
    for (size_t i = 0; i < n->nlayers; i++)
        if (strcmp(n->layers[i].name, name) == 0 && !nn_elem_has(&n->layers[i], NN_A_NAME_LAYER_INPUT))
            nn_elem_set_string(c->t.m, &n->layers[i], NN_A_NAME_LAYER_INPUT, first);
    for (size_t i = 0; i < n->nops; i++)
        if (strcmp(n->ops[i].name, name) == 0 && !nn_elem_has(&n->ops[i], NN_A_LAYERS_OF_TENSORS))
            nn_elem_set(c->t.m, &n->ops[i], NN_A_LAYERS_OF_TENSORS,
                        nn_m2m_operands(&c->t.m->arena, &first, 1));
}

int nn_keras_model_inputs(struct keras_ctx *c, const struct k_fmodel *f)
{
    const char *first = NULL; /* the pivot name of the source "input" */
    if (c->t.opt && c->t.opt->input_rank) {
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, f->at), NN_ERROR,
                "--input-shape gives one input's shape, and this model takes %zu (each "
                "keras.Input gives its own shape=)", f->in->n);
        return 0;
    }
    for (size_t i = 0; i < f->in->n; i++) {
        struct nn_mval *x = f->in->items[i];
        int is_first = x && x->kind == NN_MV_HOST && x->tag == K_TENSOR &&
                       strcmp(((struct k_tensor *)x->ptr)->src, "input") == 0;
        if (!add_input(c, f, i))
            return 0;
        if (is_first)
            first = c->t.net->inputs[c->t.net->ninputs - 1].name;
    }
    first_module_input(c, first);
    c->t.ninput_shape = 0; /* each input has its own shape */
    return 1;
}

void nn_keras_model_input(struct keras_ctx *c, const struct k_fmodel *f)
{
    struct nn_mval *x = f->in;
    if ((x->kind == NN_MV_LIST || x->kind == NN_MV_TUPLE || x->kind == NN_MV_DICT) && x->n == 1)
        x = x->items[0];
    if (x->kind == NN_MV_HOST && x->tag == K_TENSOR &&
        strcmp(((struct k_tensor *)x->ptr)->src, "input") != 0)
        rename_everywhere(c, ((struct k_tensor *)x->ptr)->src, "input");
}

/* ---- a subclassed model called on several sample inputs ---- */

/* The shape (batch excluded) of a sample tensor or a shape tuple with its
 * batch first, into s; 0 when it is neither or a size is not known. */
static int sample_shape(const struct nn_mval *v, struct k_sample *s)
{
    const struct k_tensor *t = v->kind == NN_MV_HOST && v->tag == K_TENSOR ? v->ptr : NULL;
    s->n = 0;
    if (t && t->nshape > 1) {
        s->n = t->nshape - 1;
        memcpy(s->shape, t->shape + 1, (size_t)s->n * sizeof *s->shape);
    } else if ((v->kind == NN_MV_TUPLE || v->kind == NN_MV_LIST) && v->n > 1 && v->n <= 9) {
        for (size_t i = 1; i < v->n; i++)
            s->shape[s->n++] = v->items[i]->kind == NN_MV_INT ? v->items[i]->i : -1;
    }
    for (int i = 0; i < s->n; i++)
        if (s->shape[i] <= 0)
            return 0;
    return s->n > 0;
}

int nn_keras_record_samples(struct keras_ctx *c, const struct nn_py_node *at,
                            struct nn_mval *cls, const struct nn_mval *x)
{
    if (!x || !cls || !nn_keras_several_inputs(x) || x->kind == NN_MV_DICT || c->samples)
        return 0;
    struct k_sample *s = nn_arena_alloc(c->t.ev.a, x->n * sizeof *s);
    for (size_t i = 0; s && i < x->n; i++)
        if (!sample_shape(x->items[i], &s[i]))
            return 0;
    if (!s)
        return 0;
    c->samples = s;
    c->nsamples = x->n;
    c->samples_cls = cls;
    c->samples_at = at;
    return 1;
}

struct nn_mval *nn_keras_sample_inputs(struct keras_ctx *c, const struct nn_mval *cls)
{
    if (!c->samples || cls != c->samples_cls)
        return NULL;
    struct nn_mval *list = nn_m2m_new(&c->t.ev, NN_MV_LIST);
    struct nn_mval **items = list ? nn_arena_alloc(c->t.ev.a, c->nsamples * sizeof *items) : NULL;
    for (size_t i = 0; items && i < c->nsamples; i++) {
        const struct k_sample *s = &c->samples[i];
        /* the first input feeds its layers as the network's input, as in a functional model */
        items[i] = nn_keras_tensor(c, i ? nn_keras_input_src(c, ++c->ninputs) : "input", s->n + 1);
        struct k_tensor *t = items[i] ? items[i]->ptr : NULL;
        if (!t)
            return NULL;
        t->shape[0] = 1;
        memcpy(t->shape + 1, s->shape, (size_t)s->n * sizeof *s->shape);
        t->nshape = s->n + 1;
        t->input_at = c->samples_at;
    }
    if (!items)
        return NULL;
    list->items = items;
    list->n = list->cap = c->nsamples;
    return list;
}
