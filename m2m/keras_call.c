/* keras_call.c - --class 'VGG16(weights=None)': the model a builder function
 * of the file returns (keras.applications style), called with the arguments
 * the option gives (none: its defaults). */
#include <stdlib.h>
#include <string.h>

#include "grammar/pyparse.h"
#include "m2m/keras_int.h"

#define RESULT "__nnc_built_model__"

/* The binding of name in the module's globals, or NULL. */
static struct nn_m2m_bind *global_bind(struct keras_ctx *c, const char *name)
{
    for (struct nn_m2m_bind *b = c->t.ev.globals->first; b; b = b->next)
        if (strcmp(b->name, name) == 0)
            return b;
    return NULL;
}

/* Forget the layers the module's own code applied (a model it builds at
 * module level): the network is what the call builds, under its own names. */
static void forget_traced(struct keras_ctx *c)
{
    struct nn_network *net = c->t.net;
    net->nlayers = net->nops = net->nmodules = 0;
    c->t.last = NULL;
    memset(&c->t.names, 0, sizeof c->t.names);
    memset(&c->t.blocks, 0, sizeof c->t.blocks);
    c->ninputs = 0;
    c->depthwise = NULL;
    c->nln = 0;
}

/* Run `RESULT = spec` (spec a call text) at module level; 0 or -1. */
static int run_call(struct keras_ctx *c, const char *spec)
{
    struct nn_m2m_eval *ev = &c->t.ev;
    struct nn_source *s = nn_arena_alloc(ev->a, sizeof *s);
    const char *text = nn_arena_printf(ev->a, RESULT " = %s\n", spec);
    if (!s || !text)
        return -1;
    s->path = "--class";
    s->text = text;
    s->len = strlen(text);
    struct nn_py_node *mod = nn_py_parse(s, ev->a, ev->d);
    int rc = -1;
    if (mod) /* what the function does is located in the file, where it is written */
        rc = nn_m2m_exec_module(ev, mod);
    free(s->lines);
    s->lines = NULL;
    return rc;
}

struct nn_m2m_bind *nn_keras_call_builder(struct keras_ctx *c, const char *spec, int *failed)
{
    size_t n = strcspn(spec, "( \t");
    char *name = nn_arena_strndup(c->t.ev.a, spec, n);
    struct nn_m2m_bind *fn = name ? global_bind(c, name) : NULL;
    *failed = 0;
    if (!fn || fn->val->kind != NN_MV_FUNC)
        return NULL; /* a model value or class: chosen by name as before */
    int errors = c->t.ev.d->errors;
    forget_traced(c);
    if (run_call(c, spec[n] ? spec : nn_arena_printf(c->t.ev.a, "%s()", spec)) != 0 ||
        c->t.ev.d->errors != errors) {
        *failed = 1;
        return NULL;
    }
    struct nn_m2m_bind *b = global_bind(c, RESULT);
    if (b && b->val->kind == NN_MV_HOST && (b->val->tag == K_SEQ || b->val->tag == K_FMODEL))
        return b;
    struct nn_mval *v = b ? b->val : NULL;
    if (v && v->kind == NN_MV_UNKNOWN && v->node && v->s && !nn_m2m_reported(v))
        nn_m2m_unmappable(&c->t.ev, v->node, "%s", v->s); /* why it is not a model */
    else
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, fn->val->node), NN_ERROR,
                "%s returns no Keras model nnc can follow (a Sequential or "
                "keras.Model(inputs, outputs))", spec);
    *failed = 1;
    return NULL;
}

/* Argument i of a call, by position or keyword, or NULL. */
static struct nn_mval *arg(struct nn_m2m_args *a, size_t i, const char *key)
{
    struct nn_mval *v = nn_m2m_kwarg(a, key);
    return v ? v : i < a->npos ? a->pos[i] : NULL;
}

/* imagenet_utils.obtain_input_shape(input_shape, default_size, min_size,
 * data_format, require_flatten, weights), channels last: the shape given,
 * else the default square RGB one (or (None, None, 3) without a top). */
static struct nn_mval *input_shape(struct keras_ctx *c, struct nn_m2m_args *a)
{
    struct nn_mval *given = arg(a, 0, "input_shape"), *size = arg(a, 1, "default_size");
    struct nn_mval *flat = arg(a, 4, "require_flatten"), *w = arg(a, 5, "weights");
    if (given && (given->kind == NN_MV_TUPLE || given->kind == NN_MV_LIST))
        return given;
    if (!size || size->kind != NN_MV_INT || !flat || nn_m2m_truth(flat) < 0)
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    int square = nn_m2m_truth(flat) == 1 || (w && w->kind == NN_MV_STR && !strcmp(w->s, "imagenet"));
    struct nn_mval *t = nn_m2m_seq(&c->t.ev, NN_MV_TUPLE, 3);
    if (!t || !t->items)
        return NULL;
    t->n = 3;
    for (size_t i = 0; i < 3; i++)
        t->items[i] = i == 2 ? nn_m2m_int(&c->t.ev, 3)
                      : square ? size : nn_m2m_new(&c->t.ev, NN_MV_NONE);
    return t;
}

struct nn_mval *nn_keras_utility(struct keras_ctx *c, const struct nn_py_node *at, const char *part,
                                 struct nn_m2m_args *a)
{
    if (!strcmp(part, "backend.image_data_format") || !strcmp(part, "config.image_data_format"))
        return nn_m2m_str(&c->t.ev, "channels_last"); /* what nnc reads and writes */
    if (!strcmp(part, "applications.imagenet_utils.obtain_input_shape"))
        return input_shape(c, a);
    if (!strcmp(part, "applications.imagenet_utils.validate_activation"))
        return nn_m2m_new(&c->t.ev, NN_MV_NONE);
    if (!strcmp(part, "backend.is_keras_tensor") && a->npos == 1) {
        struct nn_mval *b = nn_m2m_new(&c->t.ev, NN_MV_BOOL);
        if (b)
            b->i = a->pos[0]->kind == NN_MV_HOST && a->pos[0]->tag == K_TENSOR;
        return b;
    }
    if (!strcmp(part, "backend.int_shape") && a->npos == 1 && a->pos[0]->kind == NN_MV_HOST &&
        a->pos[0]->tag == K_TENSOR) /* kshape */
        return nn_keras_shape_value(c, at, a->pos[0]);
    if (!strcmp(part, "ops.operation_utils.get_source_inputs") && a->npos == 1)
        return a->pos[0];
    return &nn_m2m_unhandled;
}
