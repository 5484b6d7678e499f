/* keras_layer.c - Keras layer constructor calls to pivot layers, through the
 * shared Keras spelling table (frameworks/keras_spell.def) and the reader's extra
 * rows (m2m/keras.def). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m2m/keras_int.h"
#include "metamodel/tconv.h"
#include "frameworks/spell.h"
#include "metamodel/suggest.h"

static const struct keras_class classes[] = {
#define KERAS_CLASS(cls, params, role) {cls, params, KR_##role, NN_K_NETWORK, 0},
#include "m2m/keras.def"
};

static const struct {
    const char *spelling, *cls;
} aliases[] = {
#define KERAS_ALIAS(spelling, cls) {spelling, cls},
#include "m2m/keras.def"
};

static const struct {
    const char *cls, *param;
    enum keras_conv conv;
    const char *value;
} rows[] = {
#define KERAS_ARG(cls, param, conv, value) {cls, param, KC_##conv, value},
#include "m2m/keras.def"
};

static const struct {
    const char *name, *actv;
    double slope;
} acts[] = {
#define KERAS_ACT(name, actv, slope) {name, actv, slope},
#include "m2m/keras.def"
};

static const struct {
    const char *cls, *actv, *param;
    double slope;
} layer_acts[] = {
#define KERAS_LAYERACT(cls, actv, param, slope) {cls, actv, param, slope},
#include "m2m/keras.def"
};

static const struct {
    const char *cls, *fn;
    enum nn_kind op;
} merges[] = {
#define KERAS_MERGE(cls, fn, op) {cls, fn, NN_K_##op},
#include "m2m/keras.def"
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* The pivot kind (and rank) of a plain layer class, from the shared table. */
/* A shared-table class with '#' for its rank (UpSampling#D): kind and rank. */
static int hashed_kind(const char *name, enum nn_kind *kind, int *rank)
{
    char buf[64];
    for (int k = 0; k < NN_KIND_COUNT; k++)
        for (int r = 1; r <= 3 && nn_spell_keras.layer[k] && strchr(nn_spell_keras.layer[k], '#'); r++) {
            const char *cls = nn_spell_keras.layer[k], *hash = strchr(cls, '#');
            snprintf(buf, sizeof buf, "%.*s%d%s", (int)(hash - cls), cls, r, hash + 1);
            if (strcmp(buf, name) == 0) {
                *kind = (enum nn_kind)k;
                *rank = r;
                return 1;
            }
        }
    return 0;
}

static int shared_kind(const char *name, enum nn_kind *kind, int *rank)
{
    for (int k = 0; k < NN_KIND_COUNT; k++)
        if (nn_spell_keras.layer[k] && strcmp(nn_spell_keras.layer[k], name) == 0) {
            *kind = (enum nn_kind)k;
            *rank = nn_kind_rank((enum nn_kind)k) > 0 ? nn_kind_rank((enum nn_kind)k) : 0;
            return 1;
        }
    char buf[64];
    if (hashed_kind(name, kind, rank))
        return 1;
    for (size_t i = 0; i < nn_spell_keras.npools; i++)
        for (int r = 1; r <= 3; r++) {
            const char *cls = nn_spell_keras.pools[i].cls, *hash = strchr(cls, '#');
            snprintf(buf, sizeof buf, "%.*s%d%s", (int)(hash - cls), cls, r, hash + 1);
            if (strcmp(buf, name) == 0) {
                *kind = NN_K_POOLING;
                *rank = r;
                return 1;
            }
        }
    if ((strncmp(name, "DepthwiseConv", 13) == 0 || strncmp(name, "SeparableConv", 13) == 0) &&
        name[13] >= '1' && name[13] <= '3' &&
        strcmp(name + 14, "D") == 0) /* the convolution of that rank (grouped) */
        for (int k = 0; k < NN_KIND_COUNT; k++)
            if (nn_kind_is_conv((enum nn_kind)k) && nn_kind_rank((enum nn_kind)k) == name[13] - '0') {
                *kind = (enum nn_kind)k;
                *rank = name[13] - '0';
                return 1;
            }
    if (strncmp(name, "SpatialDropout", 14) == 0) {
        *kind = NN_K_DROPOUT;
        *rank = 0;
        return 1;
    }
    return 0;
}

const struct keras_class *nn_keras_class_named(const char *name)
{
    for (size_t i = 0; i < COUNT(aliases); i++)
        if (strcmp(aliases[i].spelling, name) == 0)
            name = aliases[i].cls;
    for (size_t i = 0; i < COUNT(classes); i++)
        if (strcmp(classes[i].name, name) == 0)
            return &classes[i];
    return NULL;
}

/* The suggestion for name: " (did you mean ...?)" or "". */
static const char *suggest(struct keras_ctx *c, const char *name)
{
    const char *names[COUNT(classes) + COUNT(aliases)];
    for (size_t i = 0; i < COUNT(classes); i++)
        names[i] = classes[i].name;
    for (size_t i = 0; i < COUNT(aliases); i++)
        names[COUNT(classes) + i] = aliases[i].spelling;
    size_t best[2], k = nn_suggest(name, names, COUNT(names), best, 2);
    if (k == 0)
        return "";
    if (k == 1)
        return nn_arena_printf(c->t.ev.a, " (did you mean '%s'?)", names[best[0]]);
    return nn_arena_printf(c->t.ev.a, " (did you mean '%s' or '%s'?)", names[best[0]],
                           names[best[1]]);
}

const char *nn_keras_did_you_mean(struct keras_ctx *c, const char *name)
{
    for (unsigned i = 0; i < c->ndym; i++)
        if (strcmp(c->dym[i].name, name) == 0)
            return c->dym[i].text;
    const char *text = suggest(c, name), *kept = nn_arena_printf(c->t.ev.a, "%s", name);
    if (text && kept) {
        c->dym[c->dym_next].name = kept;
        c->dym[c->dym_next].text = text;
        c->dym_next = (c->dym_next + 1) % COUNT(c->dym);
        if (c->ndym < COUNT(c->dym))
            c->ndym++;
    }
    return text;
}

/* The pooling type of a pooling class, from the shared table. */
static const char *pool_type(const char *name, int rank)
{
    char buf[64];
    for (size_t i = 0; i < nn_spell_keras.npools; i++) {
        const char *cls = nn_spell_keras.pools[i].cls, *hash = strchr(cls, '#');
        snprintf(buf, sizeof buf, "%.*s%d%s", (int)(hash - cls), cls, rank, hash + 1);
        if (strcmp(buf, name) == 0)
            return nn_spell_keras.pools[i].type;
    }
    return NULL;
}

/* The reader row for (class, param): the class's own, then the "*" one. */
static int reader_row(const char *cls, const char *param)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < COUNT(rows); i++)
            if (strcmp(rows[i].cls, pass ? "*" : cls) == 0 && strcmp(rows[i].param, param) == 0)
                return (int)i;
    return -1;
}

/* The shared-table row for (kind, keyword), or NULL. */
static const struct nn_spell_arg *spell_row(enum nn_kind k, const char *key)
{
    for (size_t i = 0; i < nn_spell_keras.nargs; i++)
        if (nn_spell_keras.args[i].kind == k && strcmp(nn_spell_keras.args[i].key, key) == 0)
            return &nn_spell_keras.args[i];
    return NULL;
}

/* LayerNormalization axis: how many trailing axes (negative axes), or 100 + the
 * first positive axis (resolved with the rank); 0 when it cannot be mapped. */
static int ln_axes(struct nn_mval *v)
{
    long long d[8];
    size_t n;
    if (nn_m2m_dims(v, 0, d, &n))
        return 0;
    for (size_t i = 1; i < n; i++)
        if (d[i] != d[i - 1] + 1)
            return 0;
    if (d[n - 1] == -1)
        return (int)n;
    return d[0] > 0 ? 100 + (int)d[0] : 0;
}

/* 1 - v without the binary noise of the subtraction (1 - 0.99 = 0.01). */
static double complement(double v)
{
    return round((1.0 - v) * 1e12) / 1e12;
}

/* Convert a value by a shared-table row (the inverse of the generator's
 * rendering); NULL or a problem description. */
static const char *convert_shared(struct keras_ctx *c, struct k_layer *l,
                                  const struct nn_spell_arg *r, struct nn_mval *v)
{
    struct nn_elem *e = l->proto;
    long long d[8];
    size_t n;
    switch (r->conv) {
    case NN_CONV_INT:
        if (v->kind != NN_MV_INT)
            return "expects an integer known statically";
        nn_elem_set_int(c->t.m, e, r->attr, v->i);
        return NULL;
    case NN_CONV_FLOAT:
    case NN_CONV_COMPLEMENT:
        if (!nn_m2m_is_num(v))
            return "expects a number known statically";
        nn_elem_set_float(c->t.m, e, r->attr, r->conv == NN_CONV_FLOAT ? nn_m2m_num(v)
                                                                     : complement(nn_m2m_num(v)));
        return NULL;
    case NN_CONV_BOOL:
        if (v->kind != NN_MV_BOOL && v->kind != NN_MV_INT)
            return "expects True or False";
        nn_elem_set_bool(c->t.m, e, r->attr, v->i != 0);
        if (r->attr == NN_A_AFFINE)
            *(strcmp(r->key, "center") == 0 ? &l->center : &l->scale) = v->i != 0;
        return NULL;
    case NN_CONV_INTS:
    case NN_CONV_TUPLE:
        if (v->kind == NN_MV_NONE)
            return NULL;
        if (nn_m2m_dims(v, l->cls->rank, d, &n))
            return "expects an int or a tuple of ints known statically";
        nn_elem_set_ints(c->t.m, e, r->attr, d, n);
        return NULL;
    case NN_CONV_STR: {
        const char *s = v->kind == NN_MV_STR ? v->s : "";
        if (strcmp(s, "same") && strcmp(s, "valid") && strcmp(s, "SAME") && strcmp(s, "VALID"))
            return "must be 'same' or 'valid'";
        nn_elem_set_name(c->t.m, e, r->attr, s[0] == 's' || s[0] == 'S' ? "same" : "valid");
        return NULL;
    }
    case NN_CONV_AXES:
        if (!(l->ln_axes = ln_axes(v)))
            return "expects trailing axes (-1, or consecutive axes up to the last)";
        return NULL;
    case NN_CONV_FLOATS: return nn_keras_floats(c, e, r->attr, v);
    }
    return NULL;
}

/* A shape argument (input_shape=(28, 28, 1), input_dim=20, batch_input_shape=...). */
static const char *set_shape(struct k_layer *l, const char *how, struct nn_mval *v)
{
    long long d[8];
    size_t n;
    if (v->kind == NN_MV_NONE)
        return NULL;
    if (nn_m2m_dims(v, how[0] == '1' ? 1 : 0, d, &n)) {
        l->nshape = -2; /* has None sizes: known rank, no sizes */
        return NULL;
    }
    size_t skip = how[0] == 'b' ? 1 : 0;
    l->nshape = (int)(n - skip);
    memcpy(l->shape, d + skip, (n - skip) * sizeof *d);
    return NULL;
}

/* A transposed convolution's output_padding (None: Keras's default). */
static const char *output_padding(struct keras_ctx *c, struct k_layer *l, struct nn_mval *v)
{
    long long d[8];
    size_t n;
    if (v->kind == NN_MV_NONE)
        return NULL;
    if (nn_m2m_dims(v, l->cls->rank, d, &n))
        return "expects an int or a tuple of ints known statically";
    nn_elem_set_ints(c->t.m, l->proto, NN_A_OUTPUT_PADDING, d, n);
    return NULL;
}

/* UpSampling2D's interpolation, a transposed convolution's output_padding. */
static const char *spatial_state(struct keras_ctx *c, struct k_layer *l, const char *param,
                                 struct nn_mval *v)
{
    if (strcmp(param, "output_padding") == 0)
        return output_padding(c, l, v);
    if (!nn_m2m_equals_text(&c->t.ev, v, "nearest") && !nn_m2m_equals_text(&c->t.ev, v, "bilinear"))
        return "only interpolation='nearest' or 'bilinear' has a pivot equivalent";
    nn_elem_set_name(c->t.m, l->proto, NN_A_INTERPOLATE_MODE, v->s);
    return NULL;
}

/* Keras's padding 'valid' without output_padding adds stride - window cells
 * where the stride is the larger; the pivot says so explicitly.  Padding
 * 'same' with an output_padding has no pivot equivalent. */
static void tconv_padding(struct keras_ctx *c, struct k_layer *l)
{
    struct nn_tconv t;
    struct nn_elem *e = l->proto;
    int given = nn_elem_has(e, NN_A_OUTPUT_PADDING);
    const char *why = nn_tconv_read(e, &t);
    if (why) {
        nn_keras_problem(c, l, l->at, why);
        return;
    }
    if (t.same && given) {
        nn_keras_problem(c, l, l->at, "output_padding with padding 'same' has no pivot "
                                      "equivalent");
        return;
    }
    long long op[3] = {0};
    int any = 0;
    for (int a = 0; a < t.r && !t.same && !given; a++)
        any |= (op[a] = nn_tconv_keras_default(&t, a)) != 0;
    if (any)
        nn_elem_set_ints(c->t.m, e, NN_A_OUTPUT_PADDING, op, (size_t)t.r);
}

/* Convert one argument by the reader's row; NULL or a problem description. */
static const char *convert_reader(struct keras_ctx *c, struct k_layer *l, int ri,
                                  struct nn_mval *v, const struct nn_py_node *at)
{
    switch (rows[ri].conv) {
    case KC_ACT:
        if (l->cls->role == KR_LAYER && nn_kind_is_rnn(l->cls->kind))
            return nn_m2m_equals_text(&c->t.ev, v, "tanh") ? NULL
                   : "only activation='tanh' has a pivot equivalent for a recurrent layer";
        return nn_keras_set_activation(c, l->proto, v, at) ? "is not an activation nnc knows" : NULL;
    case KC_SHAPE: return set_shape(l, rows[ri].value, v);
    case KC_NAME:
        if (v->kind == NN_MV_STR) {
            l->name = v->s;
            l->named = 1;
        }
        return NULL;
    case KC_STATE:
        if (strcmp(rows[ri].param, "return_sequences") == 0)
            l->ret_seq = nn_m2m_truth(v) == 1;
        else if (strcmp(rows[ri].param, "return_state") == 0)
            l->ret_state = nn_m2m_truth(v) == 1;
        else if (strcmp(rows[ri].param, "keepdims") == 0) {
            if (nn_m2m_truth(v) < 0)
                return "expects True or False known statically";
            l->keepdims = nn_m2m_truth(v) == 1;
        } else if (strcmp(rows[ri].param, "axis") == 0 && v->kind == NN_MV_INT) {
            l->axis_given = 1;
            l->axis = v->i;
        } else if (strcmp(rows[ri].param, "depth_multiplier") == 0) {
            if (v->kind != NN_MV_INT || v->i < 1)
                return "expects a positive integer known statically";
            l->depth_mult = v->i;
        } else if (!strcmp(rows[ri].param, "key_dim") || !strcmp(rows[ri].param, "value_dim")) {
            if (v->kind == NN_MV_NONE && rows[ri].param[0] == 'v')
                return NULL;
            if (v->kind != NN_MV_INT || v->i < 1)
                return "expects a positive integer known statically";
            *(rows[ri].param[0] == 'k' ? &l->key_dim : &l->value_dim) = v->i;
        } else if (!strcmp(rows[ri].param, "interpolation") || !strcmp(rows[ri].param, "output_padding")) {
            return spatial_state(c, l, rows[ri].param, v);
        } else if (l->cls->kind == NN_K_PRELU && l->cls->role == KR_LAYER) {
            return nn_keras_prelu_state(c, l, rows[ri].param, v);
        } else if (strcmp(l->cls->name, "ReLU") == 0) {
            if (v->kind == NN_MV_NONE && strcmp(rows[ri].param, "max_value") == 0)
                return NULL;
            if (!nn_m2m_is_num(v))
                return "expects a number known statically";
            l->relu[rows[ri].param[0] == 'm' ? 0 : rows[ri].param[0] == 'n' ? 1 : 2] = nn_m2m_num(v);
        } else if (strcmp(rows[ri].param, "layer") == 0) {
            l->inner = v;
        } else if (strcmp(rows[ri].param, "scale") == 0 || strcmp(rows[ri].param, "offset") == 0) {
            *(rows[ri].param[0] == 's' ? &l->rescale : &l->offset) = v; /* Rescaling */
        } else {
            l->inner = v; /* target_shape, dims: kept as the value */
        }
        return NULL;
    case KC_ONLY:
        if ((l->cls->kind == NN_K_BATCH_NORM || l->cls->kind == NN_K_STANDARDIZE) &&
            !strcmp(rows[ri].param, "axis") && v->kind == NN_MV_INT) {
            l->axis_given = 1; /* axis=3 of an image is its last: checked when applied */
            l->axis = v->i;
            return NULL;
        }
        if (strcmp(rows[ri].param, "reset_after") == 0 && !nn_m2m_equals_text(&c->t.ev, v, "True"))
            return "reset_after=False computes a different formula that has no "
                   "PyTorch equivalent (and no pivot one)";
        return nn_m2m_equals_text(&c->t.ev, v, rows[ri].value) || (v->kind == NN_MV_NONE &&
                                                          !strcmp(rows[ri].value, "None"))
                   ? NULL
                   : nn_arena_printf(c->t.ev.a, "only %s=%s has a pivot equivalent",
                                     rows[ri].param, rows[ri].value);
    case KC_DROP:
        if (v->kind != NN_MV_NONE && nn_keras_regularizer_seen(c, l, rows[ri].param, v, at))
            return NULL;
        if (v->kind != NN_MV_NONE && !(nn_m2m_is_num(v) && nn_m2m_num(v) == 0) && !c->ntrain++) {
            c->train_at = at; /* reported once per model (nn_keras_train_only_note) */
            c->train_what = rows[ri].param;
        }
        return NULL;
    case KC_SLOPE:
        if (!nn_m2m_is_num(v))
            return "expects a number known statically";
        nn_elem_set_float(c->t.m, l->proto, NN_A_NEGATIVE_SLOPE, nn_m2m_num(v));
        return NULL;
    case KC_ALPHA: /* PReLU: ELU's alpha */
        if (!nn_m2m_is_num(v))
            return "expects a number known statically";
        nn_elem_set_float(c->t.m, l->proto, NN_A_ALPHA, nn_m2m_num(v));
        return NULL;
    case KC_IGNORE:
    case KC_KEY: return NULL;
    }
    return NULL;
}

void nn_keras_problem(struct keras_ctx *c, struct k_layer *l, const struct nn_py_node *at,
                   const char *what)
{
    if (!l->error) {
        l->error = nn_arena_printf(c->t.ev.a, "%s: %s", l->cls->name, what);
        l->error_at = at;
    }
}

/* Apply one argument given by name. */
static void named_arg(struct keras_ctx *c, struct k_layer *l, const char *param,
                      struct nn_mval *v, const struct nn_py_node *at)
{
    int ri = reader_row(l->cls->name, param);
    if (ri >= 0 && rows[ri].conv == KC_KEY)
        param = rows[ri].value;
    const struct nn_spell_arg *sr = l->cls->role == KR_LAYER ? spell_row(l->cls->kind, param) : NULL;
    if (sr && ri >= 0 && strcmp(rows[ri].cls, "*") == 0)
        ri = -1; /* the shared table's own keyword wins over a generic reader row */
    if (ri < 0 && !sr) {
        nn_keras_problem(c, l, at, nn_arena_printf(c->t.ev.a, "argument '%s' is not known to nnc", param));
        return;
    }
    if (ri >= 0 && rows[ri].conv == KC_IGNORE)
        nn_keras_initializer_seen(c, param, v, at);
    int is_act = ri >= 0 && rows[ri].conv == KC_ACT;
    if ((v->kind == NN_MV_UNKNOWN || (v->kind == NN_MV_HOST && v->tag == K_INIT)) && ri >= 0 &&
        rows[ri].conv == KC_IGNORE)
        return; /* an initializer object, a seed...: no effect on the computation */
    if (v->kind == NN_MV_UNKNOWN && !is_act && !(ri >= 0 && rows[ri].conv == KC_DROP)) {
        nn_keras_problem(c, l, at, nn_arena_printf(c->t.ev.a, "argument '%s' is not known statically",
                                                param));
        return;
    }
    const char *why = sr && (ri < 0 || rows[ri].conv == KC_KEY) ? convert_shared(c, l, sr, v)
                                                               : convert_reader(c, l, ri, v, at);
    nn_elem_locate(l->proto, nn_m2m_loc(&c->t.ev, at));
    if (why && (strncmp(why, "only ", 5) == 0 || strstr(why, param)))
        nn_keras_problem(c, l, at, why);
    else if (why)
        nn_keras_problem(c, l, at, nn_arena_printf(c->t.ev.a, "%s %s", param, why));
}

/* Keras defaults that differ from the pivot's are written explicitly (float rows). */
static void defaults(struct keras_ctx *c, struct k_layer *l)
{
    for (size_t i = 0; i < nn_spell_keras.nargs; i++) {
        const struct nn_spell_arg *r = &nn_spell_keras.args[i];
        if (r->kind != l->cls->kind || !r->def || nn_elem_has(l->proto, r->attr) ||
            (r->conv != NN_CONV_FLOAT && r->conv != NN_CONV_COMPLEMENT))
            continue;
        double d = strtod(r->def, NULL);
        nn_elem_set_float(c->t.m, l->proto, r->attr, r->conv == NN_CONV_FLOAT ? d : complement(d));
    }
}

/* Global pooling with keepdims=True: the spatial axes stay, each of size 1,
 * which is the pivot's adaptive pooling to size 1. */
static void keep_pooled_axes(struct keras_ctx *c, struct k_layer *l)
{
    const char *type = nn_elem_str(l->proto, NN_A_POOLING_TYPE);
    if (strncmp(type, "global_", 7) != 0)
        return;
    long long ones[3] = {1, 1, 1};
    nn_elem_set_name(c->t.m, l->proto, NN_A_POOLING_TYPE,
                     strcmp(type + 7, "max") == 0 ? "adaptive_max" : "adaptive_average");
    nn_elem_set_ints(c->t.m, l->proto, NN_A_OUTPUT_DIM, ones, (size_t)l->cls->rank);
}

/* keras.layers.ReLU(max_value, negative_slope, threshold): relu, relu6 or
 * leaky_relu; other combinations have no pivot equivalent. */
static void relu_layer(struct keras_ctx *c, struct k_layer *l)
{
    const double *r = l->relu;
    const char *actv = r[2] != 0 ? NULL : r[0] < 0 ? (r[1] != 0 ? "leaky_relu" : "relu")
                       : r[0] == 6 && r[1] == 0 ? "relu6" : NULL;
    if (!actv) {
        nn_keras_problem(c, l, l->at, "only ReLU(), ReLU(max_value=6) and ReLU(negative_slope=s) "
                                      "have a pivot equivalent");
        return;
    }
    nn_elem_set_name(c->t.m, l->proto, NN_A_ACTV_FUNC, actv);
    if (r[1] != 0)
        nn_elem_set_float(c->t.m, l->proto, NN_A_NEGATIVE_SLOPE, r[1]);
}

/* Attributes that follow from the class itself (pooling type, activation layers). */
static void class_attrs(struct keras_ctx *c, struct k_layer *l)
{
    static const char *const dimnames[] = {"", "1D", "2D", "3D"};
    struct nn_elem *e = l->proto;
    if (l->cls->kind == NN_K_POOLING && strncmp(l->cls->name, "Global", 6) != 0 &&
        strncmp(l->cls->name, "Adaptive", 8) != 0 && !nn_elem_has(e, NN_A_KERNEL_DIM)) {
        long long two[3] = {2, 2, 2}; /* Keras's default pool_size */
        nn_elem_set_ints(c->t.m, e, NN_A_KERNEL_DIM, two, (size_t)l->cls->rank);
    }
    if (l->cls->kind == NN_K_POOLING) {
        nn_elem_set_name(c->t.m, e, NN_A_POOLING_TYPE, pool_type(l->cls->name, l->cls->rank));
        nn_elem_set_name(c->t.m, e, NN_A_DIMENSION, dimnames[l->cls->rank]);
        if (l->keepdims)
            keep_pooled_axes(c, l);
    }
    if (nn_kind_is_rnn(l->cls->kind))
        nn_elem_set_bool(c->t.m, e, NN_A_BATCH_FIRST, 1);
    if (l->cls->kind == NN_K_INTERPOLATE && l->cls->rank >= 1 && l->cls->rank <= 3) {
        long long two[3] = {2, 2, 2}; /* Keras's default size */
        nn_elem_set_name(c->t.m, e, NN_A_DIMENSION, dimnames[l->cls->rank]);
        if (!nn_elem_has(e, NN_A_INTERPOLATE_SCALE))
            nn_elem_set_ints(c->t.m, e, NN_A_INTERPOLATE_SCALE, two, (size_t)l->cls->rank);
    }
    for (size_t i = 0; l->cls->role == KR_ACT && i < COUNT(layer_acts); i++)
        if (strcmp(layer_acts[i].cls, l->cls->name) == 0) {
            nn_elem_set_name(c->t.m, e, NN_A_ACTV_FUNC, layer_acts[i].actv);
            if (layer_acts[i].slope && !nn_elem_has(e, NN_A_NEGATIVE_SLOPE))
                nn_elem_set_float(c->t.m, e, NN_A_NEGATIVE_SLOPE, layer_acts[i].slope);
        }
    if (strcmp(l->cls->name, "ReLU") == 0)
        relu_layer(c, l);
}

/* BatchNormalization learning only one of beta (center) and gamma (scale):
 * affine, with the other fixed (kconv). */
static void learned_apart(struct keras_ctx *c, struct k_layer *l)
{
    nn_elem_unset(l->proto, NN_A_AFFINE); /* True, the default */
    nn_elem_set_bool(c->t.m, l->proto, l->center == 0 ? NN_A_CENTER : NN_A_SCALE, 0);
}

/* The class with its pivot kind and rank filled in. */
static const struct keras_class *resolved(struct keras_ctx *c, const struct keras_class *cls)
{
    struct keras_class *r = nn_arena_alloc(c->t.ev.a, sizeof *r);
    if (!r)
        return NULL;
    *r = *cls;
    r->kind = NN_K_ACTIVATION;
    r->rank = 0;
    if (cls->role == KR_LAYER && !shared_kind(cls->name, &r->kind, &r->rank))
        return NULL;
    return r;
}

struct nn_mval *nn_keras_make_layer(struct keras_ctx *c, const struct nn_py_node *at,
                                 const struct keras_class *cls, struct nn_m2m_args *args)
{
    struct k_layer *l = nn_arena_alloc(c->t.ev.a, sizeof *l);
    if (!l || !(l->cls = resolved(c, cls)) || !(l->proto = nn_elem_new(c->t.m, l->cls->kind)))
        return NULL;
    l->at = at;
    l->proto->loc = nn_m2m_loc(&c->t.ev, at);
    l->nshape = -1;
    l->center = l->scale = -1;
    l->relu[0] = -1;
    l->depth_mult = strncmp(cls->name, "DepthwiseConv", 13) == 0; /* Keras's default: 1 */
    l->separable = strncmp(cls->name, "SeparableConv", 13) == 0; /* kconv */
    char buf[64];
    for (size_t i = 0; i < args->npos; i++) {
        if (!nn_m2m_word(cls->params, i, buf, sizeof buf)) {
            nn_keras_problem(c, l, args->posnode[i], "too many arguments");
            break;
        }
        named_arg(c, l, nn_arena_strdup(c->t.ev.a, buf), args->pos[i], args->posnode[i]);
    }
    for (size_t i = 0; i < args->nkw; i++)
        named_arg(c, l, args->kwname[i], args->kw[i], args->kwnode[i]);
    defaults(c, l);
    class_attrs(c, l);
    nn_keras_kernel_made(c, l);
    if (!l->named) /* weights: Keras names it when it is made */
        l->auto_name = nn_keras_auto_name(c, cls->name);
    if (l->cls->role == KR_LAYER && nn_kind_is_tconv(l->cls->kind))
        tconv_padding(c, l);
    if (nn_kind_size_attr(l->cls->kind) == NN_A_NORMALIZED_SHAPE && !l->ln_axes)
        l->ln_axes = 1;
    if (l->cls->kind == NN_K_BATCH_NORM && (l->center != 0) != (l->scale != 0))
        learned_apart(c, l);
    else if ((l->center >= 0 || l->scale >= 0) && (l->center != 0) != (l->scale != 0))
        nn_keras_problem(c, l, at, "center and scale must be both True or both False "
                                   "(the pivot's affine)");
    return nn_m2m_host_val(&c->t.ev, K_LAYER, l);
}

/* ---- activations ---- */

/* The row of an activation name, or -1. */
static int act_row(const char *name)
{
    for (size_t i = 0; i < COUNT(acts); i++)
        if (strcmp(acts[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *nn_keras_act_fn(const char *path, double *slope)
{
    static const char *const prefixes[] = {
        "tensorflow.keras.activations.", "keras.activations.", "tensorflow.nn.",
        "tensorflow.math.", "tensorflow.", "keras.ops.", "tensorflow.keras.ops.",
        "keras.src.activations.",
    };
    for (size_t i = 0; i < COUNT(prefixes); i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(path, prefixes[i], n) != 0 || strchr(path + n, '.'))
            continue;
        int r = act_row(path + n);
        if (r >= 0) {
            *slope = acts[r].slope;
            return acts[r].actv;
        }
    }
    return NULL;
}

int nn_keras_merge_fn(const char *name, const struct keras_class **cls)
{
    for (size_t i = 0; i < COUNT(merges); i++)
        if (strcmp(merges[i].fn, name) == 0 || strcmp(merges[i].cls, name) == 0) {
            *cls = nn_keras_class_named(merges[i].cls);
            return (int)merges[i].op;
        }
    return -1;
}

/* Set a known activation (and the slope it implies) on e. */
static void set_known(struct keras_ctx *c, struct nn_elem *e, const char *actv, double slope)
{
    if (!actv[0]) {
        nn_elem_unset(e, NN_A_ACTV_FUNC);
        return;
    }
    nn_elem_set_name(c->t.m, e, NN_A_ACTV_FUNC, actv);
    if (slope)
        nn_elem_set_float(c->t.m, e, NN_A_NEGATIVE_SLOPE, slope);
}

/* The name an unknown activation value is resolved by at run time. */
static const char *runtime_name(const struct nn_py_node *at)
{
    if (at && at->kind == NN_PY_Name)
        return at->s[0];
    if (at && at->kind == NN_PY_Attribute)
        return at->s[0];
    return NULL;
}

int nn_keras_set_activation(struct keras_ctx *c, struct nn_elem *e, struct nn_mval *v,
                         const struct nn_py_node *at)
{
    double slope = 0;
    if (v->kind == NN_MV_NONE)
        return 0;
    if (v->kind == NN_MV_STR) {
        int r = act_row(v->s);
        if (r >= 0)
            set_known(c, e, acts[r].actv, acts[r].slope);
        else
            nn_elem_set_string(c->t.m, e, NN_A_ACTV_FUNC, v->s);
        return 0;
    }
    const char *actv = v->kind == NN_MV_PATH ? nn_keras_act_fn(v->s, &slope) : NULL;
    if (v->kind == NN_MV_FUNC && nn_keras_own_helper(c, v, "hard_swish"))
        actv = "hard_swish";
    if (v->kind == NN_MV_FUNC && nn_keras_own_helper(c, v, "gelu_tanh"))
        actv = "gelu_tanh";
    if (actv) {
        set_known(c, e, actv, slope);
        return 0;
    }
    if (v->kind == NN_MV_HOST && v->tag == K_LAYER &&
        ((struct k_layer *)v->ptr)->cls->role == KR_ACT) {
        const struct nn_elem *p = ((struct k_layer *)v->ptr)->proto;
        nn_elem_set(c->t.m, e, NN_A_ACTV_FUNC, nn_elem_attr(p, NN_A_ACTV_FUNC)->v);
        if (nn_elem_has(p, NN_A_NEGATIVE_SLOPE))
            nn_elem_set(c->t.m, e, NN_A_NEGATIVE_SLOPE, nn_elem_attr(p, NN_A_NEGATIVE_SLOPE)->v);
        if (nn_elem_has(p, NN_A_ALPHA)) /* PReLU: ELU's alpha */
            nn_elem_set(c->t.m, e, NN_A_ALPHA, nn_elem_attr(p, NN_A_ALPHA)->v);
        return 0;
    }
    const char *name = runtime_name(at);
    if (v->kind != NN_MV_UNKNOWN || !name)
        return -1;
    nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, at), NN_WARNING,
            "activation '%s' is not known statically; the generated code looks it up by "
            "name at run time", name);
    nn_elem_set_string(c->t.m, e, NN_A_ACTV_FUNC, name);
    return 0;
}
