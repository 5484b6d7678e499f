/* keras_regularizer.c - regularizers and initializers in Keras code.
 *
 * A regularizer never changes inference, so the model itself does not
 * need it; training does.  The one form the pivot carries is the common
 * one: kernel_regularizer=l2(f) with the same f on the kernel of every
 * Dense and convolution layer (depthwise_ and pointwise_regularizer for the
 * depthwise and separable ones).  That is a penalty of f times the sum of
 * the squares of exactly those kernels, which the config's kernel_l2
 * states and both training generators reproduce.  Anything else (an L1
 * term, a bias, activity, recurrent, embedding or normalisation
 * regularizer, a kernel left without one, two factors) is reported once
 * per model as a training-only difference.  Initializers only set where
 * training from scratch starts; the pivot has none, so an explicit one gets
 * one note per model.
 */
#include <string.h>

#include "m2m/keras_int.h"

/* The factor given by keyword kw or at position pos, def when absent;
 * -1 when given but not a number known statically. */
static double factor(struct nn_m2m_args *a, const char *kw, size_t pos, double def)
{
    struct nn_mval *v = nn_m2m_arg_at(a, kw, pos, 1);
    if (!v || v->kind == NN_MV_NONE)
        return def;
    return nn_m2m_is_num(v) && nn_m2m_num(v) >= 0 ? nn_m2m_num(v) : -1;
}

static struct nn_mval *make(struct keras_ctx *c, double l1, double l2)
{
    struct k_reg *r = nn_arena_alloc(c->t.ev.a, sizeof *r);
    if (!r)
        return NULL;
    r->l1 = l1;
    r->l2 = l2;
    return nn_m2m_host_val(&c->t.ev, K_REG, r);
}

struct nn_mval *nn_keras_regularizer(struct keras_ctx *c, const char *name, struct nn_m2m_args *a)
{
    /* Keras's defaults: L2() and l2() 0.01, L1() 0.01, L1L2() and l1_l2() 0 and 0 */
    if (strcmp(name, "l2") == 0 || strcmp(name, "L2") == 0)
        return make(c, 0, factor(a, "l2", 0, 0.01));
    if (strcmp(name, "l1") == 0 || strcmp(name, "L1") == 0)
        return make(c, factor(a, "l1", 0, 0.01), 0);
    if (strcmp(name, "l1_l2") == 0 || strcmp(name, "L1L2") == 0)
        return make(c, factor(a, "l1", 0, 0.0), factor(a, "l2", 1, 0.0));
    return make(c, -1, -1); /* OrthogonalRegularizer, a user's class: not an L2 */
}

/* A regularizer given by name ('l2'), as Keras's regularizers.get reads
 * it, into r; 0 (r unchanged) for another name. */
static int from_string(const char *s, struct k_reg *r)
{
    if (strcmp(s, "l2") == 0 || strcmp(s, "L2") == 0)
        *r = (struct k_reg){0, 0.01};
    else if (strcmp(s, "l1") == 0 || strcmp(s, "L1") == 0)
        *r = (struct k_reg){0.01, 0};
    else if (strcmp(s, "l1_l2") == 0 || strcmp(s, "L1L2") == 0)
        *r = (struct k_reg){0, 0};
    else
        return 0;
    return 1;
}

/* How many kernels a layer of class l->cls has: a separable convolution
 * two (depthwise and pointwise), a Dense or other convolution one. */
static int kernels(const struct k_layer *l)
{
    enum nn_family f = l->cls->role == KR_LAYER ? nn_kind_family(l->cls->kind) : NN_FAM_NONE;
    if (f != NN_FAM_DENSE && f != NN_FAM_CONV && f != NN_FAM_TCONV)
        return 0;
    return l->separable ? 2 : 1;
}

/* Does param regularize one of those kernels? */
static int kernel_param(const struct k_layer *l, const char *param)
{
    if (l->separable)
        return strcmp(param, "depthwise_regularizer") == 0 ||
               strcmp(param, "pointwise_regularizer") == 0;
    if (l->depth_mult) /* DepthwiseConv */
        return strcmp(param, "depthwise_regularizer") == 0;
    return kernels(l) && strcmp(param, "kernel_regularizer") == 0;
}

void nn_keras_kernel_made(struct keras_ctx *c, const struct k_layer *l)
{
    c->reg.kernels += kernels(l);
}

int nn_keras_regularizer_seen(struct keras_ctx *c, const struct k_layer *l, const char *param,
                              const struct nn_mval *v, const struct nn_py_node *at)
{
    if (!strstr(param, "regularizer"))
        return 0; /* a constraint, recurrent dropout: reported as training-only */
    struct k_reg r = {-1, -1};
    if (v->kind == NN_MV_HOST && v->tag == K_REG)
        r = *(const struct k_reg *)v->ptr;
    else if (v->kind == NN_MV_STR)
        from_string(v->s, &r); /* left at -1 for a name it does not know */
    if (r.l1 == 0 && r.l2 == 0)
        return 1; /* no penalty at all: nothing to carry, nothing to report */
    if (!kernel_param(l, param) || r.l1 != 0 || r.l2 <= 0) {
        c->reg.other = 1; /* reported with the other training-only arguments */
        return 0;
    }
    if (!c->reg.nl2++) {
        c->reg.l2 = r.l2;
        c->reg.at = at;
        c->reg.what = param;
    } else if (r.l2 != c->reg.l2) {
        c->reg.mixed = 1;
    }
    return 1;
}

void nn_keras_regularizers_settle(struct keras_ctx *c)
{
    if (!c->reg.nl2)
        return;
    if (!c->reg.mixed && !c->reg.other && c->reg.nl2 == c->reg.kernels && c->t.m->net.config) {
        nn_elem_set_float(c->t.m, c->t.m->net.config, NN_A_KERNEL_L2, c->reg.l2);
        return;
    }
    /* not one penalty on every kernel, or no config to carry it: the warning says so */
    c->reg.why = c->reg.mixed ? "the kernels' L2 factors differ"
               : c->reg.other ? "other regularizers than one L2 on the kernels"
               : c->reg.nl2 != c->reg.kernels
                   ? nn_arena_printf(c->t.ev.a, "%d of the %d Dense and convolution kernels have an "
                                     "L2 factor", c->reg.nl2, c->reg.kernels)
                   : "no model.compile and model.fit: no training configuration to carry the "
                     "kernels' L2 factor";
    if (!c->ntrain ||
        nn_m2m_loc(&c->t.ev, c->reg.at).start < nn_m2m_loc(&c->t.ev, c->train_at).start) {
        c->train_at = c->reg.at;
        c->train_what = c->reg.what;
    }
    c->ntrain += c->reg.nl2;
}

void nn_keras_initializer_seen(struct keras_ctx *c, const char *param, const struct nn_mval *v,
                               const struct nn_py_node *at)
{
    size_t n = strlen(param), k = strlen("_initializer");
    if (v->kind == NN_MV_NONE || n <= k || strcmp(param + n - k, "_initializer") != 0)
        return;
    if (!c->init.n++) {
        c->init.at = at;
        c->init.what = param;
    }
}

void nn_keras_initializer_note(struct keras_ctx *c)
{
    if (!c->init.n)
        return;
    nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, c->init.at), NN_NOTE,
            "%s=%s: the pivot has no initializers, so a model generated from it starts "
            "training from its framework's default initialisation (inference and migrated "
            "weights do not depend on it)", c->init.what,
            c->init.n > 1 ? nn_arena_printf(c->t.ev.a, " here and %d more initializers",
                                            c->init.n - 1) : "");
}
