/* keras_shape.c - symbolic shapes of a Keras model: the network's input shape
 * (from the source or --input-shape), the implicit sizes Keras infers at the
 * first call (filled by the pivot's shape inference, metamodel/shape.h), and
 * the error that names --input-shape when a size is needed and no shape is
 * known. */
#include <string.h>

#include "m2m/keras_int.h"
#include "metamodel/shape.h"

/* The implicit size (the kind's size column) layer e still lacks, or -1. */
static int missing(const struct nn_elem *e)
{
    int a = nn_kind_size_attr(e->kind);
    return a >= 0 && !nn_elem_has(e, (enum nn_attr_id)a) ? a : -1;
}
/* Report every layer whose size needs an input shape the file does not give. */
static void no_shape(struct keras_ctx *c, const struct nn_py_node *module)
{
    for (size_t k = 0; k <= c->t.m->net.nsubnets; k++) {
        const struct nn_network *n = k ? &c->t.m->net.subnets[k - 1] : c->t.net;
        for (size_t i = 0; i < n->nlayers; i++) {
            const struct nn_elem *e = &n->layers[i];
            int a = missing(e);
            if (a < 0)
                continue;
            struct nn_loc at = e->loc.src ? e->loc : nn_m2m_loc(&c->t.ev, module);
            nn_diag(c->t.ev.d, at, NN_ERROR,
                    "'%s' needs its %s, which Keras infers from the input shape, and this "
                    "file gives none (keras.Input(shape=...), input_shape=..., "
                    "model.build(...) or a sample call): pass --input-shape",
                    e->name, nn_attr_infos[a].key);
        }
    }
}

/* LayerNormalization(axis=...): normalized_shape = the input's trailing sizes
 * (the layer may have moved into a sub-network). */
static void layer_norm_sizes(struct keras_ctx *c, const struct nn_shapes *s)
{
    for (size_t k = 0; k < c->nln; k++) {
        const char *local;
        struct nn_network *n = nn_blocks_locate(&c->t.blocks, c->t.m, c->ln[k].name, &local);
        const struct nn_net_shapes *ns = nn_shape_net(s, n);
        struct nn_elem *e = nn_net_elem_named(n, local);
        for (size_t i = 0; e && ns && i < n->nmodules && i < ns->n; i++) {
            const struct nn_shape *in = &ns->mod_in[i];
            if (strcmp(n->modules[i].name, local) != 0 || !nn_shape_known(in))
                continue;
            int r = c->ln[k].axes < in->rank ? c->ln[k].axes : in->rank;
            nn_elem_set_ints(c->t.m, e, NN_A_NORMALIZED_SHAPE, in->d + in->rank - r, (size_t)r);
            break;
        }
    }
}

/* The input shape of the module called name (its path inside a block), or NULL. */
static const struct nn_shape *module_input(struct keras_ctx *c, const struct nn_shapes *s,
                                           const char *name, struct nn_elem **e)
{
    const char *local;
    struct nn_network *n = nn_blocks_locate(&c->t.blocks, c->t.m, name, &local);
    const struct nn_net_shapes *ns = nn_shape_net(s, n);
    *e = n ? nn_net_elem_named(n, local) : NULL;
    for (size_t i = 0; *e && ns && i < n->nmodules && i < ns->n; i++)
        if (strcmp(n->modules[i].name, local) == 0)
            return nn_shape_known(&ns->mod_in[i]) ? &ns->mod_in[i] : NULL;
    return NULL;
}

/* One round: every depthwise convolution whose input channels inference now
 * knows becomes a grouped one; returns how many are still waiting. */
static int depthwise_round(struct keras_ctx *c, int *fixed)
{
    struct nn_diag_sink quiet; /* later layers may not fit until every size is set */
    nn_diag_init(&quiet, NULL);
    const struct nn_shapes *s = NULL;
    nn_shape_check(c->t.m, NULL, 0, &quiet, &s);
    int left = 0;
    for (struct k_depthwise *dw = c->depthwise; dw; dw = dw->next) {
        struct nn_elem *e;
        const struct nn_shape *in = module_input(c, s, dw->name, &e);
        if (!e || nn_elem_has(e, NN_A_OUT_CHANNELS))
            continue;
        long long ch = in ? in->d[in->rank - 1] : 0;
        if (!in || ch <= 0 || ch > (1LL << 40) / dw->mult) { /* a bound that cannot wrap */
            left++;
            continue;
        }
        nn_elem_set_int(c->t.m, e, NN_A_GROUPS, ch);
        nn_elem_set_int(c->t.m, e, NN_A_OUT_CHANNELS, ch * dw->mult);
        (*fixed)++;
    }
    return left;
}

/* DepthwiseConv layers: groups = in_channels, out_channels = in_channels *
 * depth_multiplier, known only once inference reaches them (one round per
 * depthwise layer at most: each round settles at least the first waiting). */
void nn_keras_depthwise_sizes(struct keras_ctx *c)
{
    int fixed = 1;
    while (c->depthwise && fixed) {
        fixed = 0;
        if (depthwise_round(c, &fixed) == 0)
            return;
    }
}

int nn_keras_input_shape(struct keras_ctx *c)
{
    const struct nn_read_options *o = c->t.opt;
    if (o && o->input_rank)
        nn_elem_set_ints(c->t.m, &c->t.net->head, NN_A_INPUT_SHAPE, o->input_shape, o->input_rank);
    else if (c->t.ninput_shape > 0)
        nn_elem_set_ints(c->t.m, &c->t.net->head, NN_A_INPUT_SHAPE, c->t.input_shape,
                         (size_t)c->t.ninput_shape);
    return nn_elem_has(&c->t.net->head, NN_A_INPUT_SHAPE);
}

void nn_keras_shapes(struct keras_ctx *c, const struct nn_py_node *module)
{
    if (!c->t.net->ninputs && !nn_keras_input_shape(c)) { /* several inputs: named inputs have theirs */
        no_shape(c, module);
        return;
    }
    nn_keras_depthwise_sizes(c);
    const struct nn_shapes *s = NULL;
    if (nn_shape_infer(c->t.m, NULL, 0, c->t.ev.d, &s) == 0 && s)
        layer_norm_sizes(c, s);
}
