/* keras_train.c - Keras training code (compile, fit, optimisers, losses,
 * metrics) into the pivot's configuration. */
#include <ctype.h>
#include <string.h>

#include "m2m/keras_int.h"

/* Optimisers: Keras class and string, pivot name, Keras 3 defaults. */
static const struct {
    const char *cls, *str, *name;
    double lr, wd;
} optimisers[] = {
    {"Adam", "adam", "adam", 0.001, 0.0},
    {"AdamW", "adamw", "adamW", 0.001, 0.004},
    {"SGD", "sgd", "sgd", 0.01, 0.0},
    {"Adagrad", "adagrad", "adagrad", 0.001, 0.0},
};

/* Losses: strings, functions and classes (snake or Camel case). */
static const struct {
    const char *name, *loss;
} losses[] = {
    {"sparse_categorical_crossentropy", "crossentropy"},
    {"categorical_crossentropy", "crossentropy"},
    {"SparseCategoricalCrossentropy", "crossentropy"},
    {"CategoricalCrossentropy", "crossentropy"},
    {"binary_crossentropy", "binary_crossentropy"},
    {"BinaryCrossentropy", "binary_crossentropy"},
    {"mse", "mse"}, {"mean_squared_error", "mse"}, {"MeanSquaredError", "mse"},
};

/* Metrics: strings and classes. */
static const struct {
    const char *name, *metric;
} metrics[] = {
    {"accuracy", "accuracy"}, {"acc", "accuracy"}, {"sparse_categorical_accuracy", "accuracy"},
    {"categorical_accuracy", "accuracy"}, {"binary_accuracy", "accuracy"},
    {"Accuracy", "accuracy"}, {"SparseCategoricalAccuracy", "accuracy"},
    {"CategoricalAccuracy", "accuracy"}, {"BinaryAccuracy", "accuracy"},
    {"Precision", "precision"}, {"precision", "precision"}, {"Recall", "recall"},
    {"recall", "recall"}, {"F1Score", "f1-score"}, {"mae", "mae"},
    {"mean_absolute_error", "mae"}, {"MeanAbsoluteError", "mae"},
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* The last component of a dotted name. */
static const char *tail(const char *s)
{
    const char *dot = strrchr(s, '.');
    return dot ? dot + 1 : s;
}

/* A number argument by keyword or position, or def. */
static double num_arg(struct nn_m2m_args *a, const char *kw, size_t pos, double def)
{
    struct nn_mval *v = nn_m2m_kwarg(a, kw);
    if (!v && pos < a->npos)
        v = a->pos[pos];
    return v && nn_m2m_is_num(v) ? nn_m2m_num(v) : def;
}

struct nn_mval *nn_keras_optimiser(struct keras_ctx *c, const char *cls, struct nn_m2m_args *a)
{
    struct k_optim *o = nn_arena_alloc(c->t.ev.a, sizeof *o);
    if (!o)
        return NULL;
    for (size_t i = 0; i < COUNT(optimisers); i++)
        if (strcmp(optimisers[i].cls, cls) == 0) {
            o->name = optimisers[i].name;
            o->lr = num_arg(a, "learning_rate", 0, num_arg(a, "lr", 99, optimisers[i].lr));
            o->wd = num_arg(a, "weight_decay", 99, optimisers[i].wd);
            o->momentum = num_arg(a, "momentum", 99, 0.0);
        }
    return nn_m2m_host_val(&c->t.ev, K_OPTIM, o);
}

/* optimizer= as a string or an object. */
static void set_optimiser(struct keras_ctx *c, struct nn_mval *v)
{
    if (v && v->kind == NN_MV_STR) {
        char low[32];
        size_t i = 0;
        for (; v->s[i] && i < sizeof low - 1; i++)
            low[i] = (char)tolower((unsigned char)v->s[i]);
        low[i] = 0;
        for (size_t k = 0; k < COUNT(optimisers); k++)
            if (strcmp(optimisers[k].str, low) == 0) {
                c->t.optimiser = optimisers[k].name;
                c->t.lr = optimisers[k].lr;
                c->t.weight_decay = optimisers[k].wd;
                c->t.momentum = 0;
            }
    } else if (v && v->kind == NN_MV_HOST && v->tag == K_OPTIM) {
        struct k_optim *o = v->ptr;
        c->t.optimiser = o->name;
        c->t.lr = o->lr;
        c->t.weight_decay = o->wd;
        c->t.momentum = o->momentum;
    }
}

/* The pivot name of a loss or metric value (string, function path, object). */
static const char *lookup(struct nn_mval *v, int metric)
{
    const char *s = !v ? NULL : v->kind == NN_MV_STR || v->kind == NN_MV_PATH ? tail(v->s)
                  : v->kind == NN_MV_HOST && v->tag == K_OTHER ? tail(v->s) : NULL;
    for (size_t i = 0; s && !metric && i < COUNT(losses); i++)
        if (strcmp(losses[i].name, s) == 0)
            return losses[i].loss;
    for (size_t i = 0; s && metric && i < COUNT(metrics); i++)
        if (strcmp(metrics[i].name, s) == 0)
            return metrics[i].metric;
    return NULL;
}

void nn_keras_compile(struct keras_ctx *c, const struct nn_py_node *at, struct nn_m2m_args *a)
{
    c->compiled = 1;
    c->t.config_at = at;
    set_optimiser(c, nn_m2m_kwarg(a, "optimizer") ? nn_m2m_kwarg(a, "optimizer")
                                                  : a->npos ? a->pos[0] : NULL);
    c->t.loss = lookup(nn_m2m_kwarg(a, "loss") ? nn_m2m_kwarg(a, "loss")
                                             : a->npos > 1 ? a->pos[1] : NULL, 0);
    struct nn_mval *m = nn_m2m_kwarg(a, "metrics");
    for (size_t i = 0; m && (m->kind == NN_MV_LIST || m->kind == NN_MV_TUPLE) && i < m->n; i++) {
        const char *name = lookup(m->items[i], 1);
        int seen = 0; /* a metric once: the pivot has five, so the array never fills */
        for (int k = 0; name && k < c->nmetrics; k++)
            seen |= strcmp(c->metrics[k], name) == 0;
        if (name && !seen && c->nmetrics < 8)
            c->metrics[c->nmetrics++] = name;
    }
}

void nn_keras_fit(struct keras_ctx *c, struct nn_m2m_args *a)
{
    c->fitted = 1;
    c->t.epochs = (long long)num_arg(a, "epochs", 99, 1);
    c->t.batch_size = (long long)num_arg(a, "batch_size", 2, 32);
}

void nn_keras_build_config(struct keras_ctx *c)
{
    if (!c->compiled && !c->fitted)
        return;
    if (c->t.optimiser && c->t.loss && !c->fitted) { /* a model file without its training loop */
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, c->t.config_at), NN_NOTE,
                "model.compile(...) without model.fit(...): the pivot's config needs the "
                "epochs and batch size of a fit call; the model is migrated without one");
        return;
    }
    if (!c->t.optimiser || !c->t.loss || !c->fitted) {
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, c->t.config_at), NN_WARNING,
                "training code found, but no %s: the pivot has no config",
                !c->t.optimiser ? "supported optimiser" : !c->t.loss ? "supported loss"
                                                                 : "model.fit(...) call");
        return;
    }
    struct nn_elem *e = nn_m2m_trace_config(&c->t);
    if (e && c->nmetrics) {
        struct nn_value v = {.type = NN_V_LIST, .n = (size_t)c->nmetrics};
        v.items = nn_arena_alloc(&c->t.m->arena, (size_t)c->nmetrics * sizeof *v.items);
        for (int i = 0; v.items && i < c->nmetrics; i++)
            v.items[i] = (struct nn_value){.type = NN_V_STRING, .s = c->metrics[i]};
        if (v.items)
            nn_elem_set(c->t.m, e, NN_A_METRICS, v);
    }
}
