/* fold.c - folding standalone activations into the layer before them, and
 * adaptive pooling to size 1 then Flatten into a global pooling.
 *
 * Framework-independent post-passes over a built network: an Activation
 * module whose input is a layer with no activation, whose output nothing
 * else uses, becomes that layer's actv_func (with its slope and axis), and
 * every reference to the Activation is redirected to the layer.  An
 * adaptive pooling to output size 1 whose only reader is a Flatten (maybe
 * through a permute, which moves only axes of size 1 there) computes a
 * global pooling: the pooling becomes one and the rest goes.
 */
#include <string.h>

#include "metamodel/fold.h"

/* The module feeding module i: its name_layer_input, layers_of_tensors[0] for
 * one-input ops, or the module before it ("input" for the first). */
static const char *input_of(const struct nn_network *n, size_t i, const struct nn_elem *e)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_NAME_LAYER_INPUT);
    if (a)
        return a->v.s;
    return i ? n->modules[i - 1].name : "input";
}

/* How many modules read name's output (the network output counts once). */
static int readers(struct nn_network *n, const char *name)
{
    int count = n->nmodules && strcmp(n->modules[n->nmodules - 1].name, name) == 0;
    for (size_t i = 0; i < n->nmodules; i++) {
        struct nn_elem *e = nn_net_elem_named(n, n->modules[i].name);
        if (!e)
            continue;
        const struct nn_attr *a = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
        if (a) {
            for (size_t k = 0; k < a->v.n; k++)
                count += a->v.items[k].s && strcmp(a->v.items[k].s, name) == 0;
        } else if (strcmp(input_of(n, i, e), name) == 0) {
            count++;
        }
        const struct nn_attr *kv = nn_elem_attr(e, NN_A_NAME_KV_INPUT); /* attention */
        count += kv && kv->v.s && strcmp(kv->v.s, name) == 0;
    }
    return count;
}

/* Replace references to `from` with `to` after module index i. */
static void redirect(struct nn_model *m, struct nn_network *n, size_t i, const char *from,
                     const char *to)
{
    for (size_t k = i + 1; k < n->nmodules; k++) {
        struct nn_elem *e = nn_net_elem_named(n, n->modules[k].name);
        if (!e)
            continue;
        struct nn_attr *a = (struct nn_attr *)nn_elem_attr(e, NN_A_NAME_LAYER_INPUT);
        if (a && strcmp(a->v.s, from) == 0)
            nn_elem_set_string(m, e, NN_A_NAME_LAYER_INPUT, to);
        a = (struct nn_attr *)nn_elem_attr(e, NN_A_NAME_KV_INPUT);
        if (a && a->v.s && strcmp(a->v.s, from) == 0)
            nn_elem_set_string(m, e, NN_A_NAME_KV_INPUT, to);
        a = (struct nn_attr *)nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
        for (size_t j = 0; a && j < a->v.n; j++)
            if (a->v.items[j].s && strcmp(a->v.items[j].s, from) == 0)
                a->v.items[j].s = to;
    }
}

/* Remove module i and the layer it names. */
static void drop(struct nn_network *n, size_t i, struct nn_elem *act)
{
    memmove(&n->modules[i], &n->modules[i + 1], (n->nmodules - i - 1) * sizeof *n->modules);
    n->nmodules--;
    size_t li = (size_t)(act - n->layers);
    memmove(&n->layers[li], &n->layers[li + 1], (n->nlayers - li - 1) * sizeof *n->layers);
    n->nlayers--;
}

/* Remove module i and the layer or op it names. */
static void drop_module(struct nn_network *n, size_t i, struct nn_elem *e)
{
    memmove(&n->modules[i], &n->modules[i + 1], (n->nmodules - i - 1) * sizeof *n->modules);
    n->nmodules--;
    int layer = e >= n->layers && e < n->layers + n->nlayers;
    struct nn_elem *base = layer ? n->layers : n->ops;
    size_t *count = layer ? &n->nlayers : &n->nops, k = (size_t)(e - base);
    memmove(&base[k], &base[k + 1], (*count - k - 1) * sizeof *base);
    (*count)--;
}

/* Is module j the only reader of module i's output, and is it of kind k? */
static struct nn_elem *sole_reader(struct nn_network *n, size_t i, size_t j, enum nn_kind k)
{
    struct nn_elem *e = j < n->nmodules ? nn_net_elem_named(n, n->modules[j].name) : NULL;
    if (!e || e->kind != k || readers(n, n->modules[i].name) != 1)
        return NULL;
    const struct nn_attr *a = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
    const char *src = a ? (a->v.n == 1 && a->v.items[0].s ? a->v.items[0].s : "") : input_of(n, j, e);
    return strcmp(src, n->modules[i].name) == 0 ? e : NULL;
}

/* An adaptive pooling to size 1 at module i, read by a Flatten: a global pooling. */
static int fold_global(struct nn_model *m, struct nn_network *n, size_t i)
{
    struct nn_elem *p = nn_net_elem_named(n, n->modules[i].name), *f;
    long long out[3];
    size_t k = p && p->kind == NN_K_POOLING ? nn_elem_ints(p, NN_A_OUTPUT_DIM, out, 3) : 0;
    const char *type = k ? nn_elem_str(p, NN_A_POOLING_TYPE) : "";
    if (strncmp(type, "adaptive_", 9) != 0)
        return 0;
    while (k-- > 0)
        if (out[k] != 1)
            return 0;
    size_t j = i + 1;
    if (sole_reader(n, i, j, NN_K_OP_PERMUTE))
        j++;
    if (!(f = sole_reader(n, j - 1, j, NN_K_FLATTEN)) || nn_elem_int(f, NN_A_START_DIM) != 1 ||
        nn_elem_int(f, NN_A_END_DIM) != -1)
        return 0;
    nn_elem_set_name(m, p, NN_A_POOLING_TYPE, nn_arena_printf(&m->arena, "global_%s", type + 9));
    nn_elem_unset(p, NN_A_OUTPUT_DIM);
    const char *from = f->name, *to = p->name;
    while (j > i)
        drop_module(n, j, nn_net_elem_named(n, n->modules[j].name)), j--;
    redirect(m, n, i, from, to);
    return 1;
}

void nn_fold_global_pools(struct nn_model *m, struct nn_network *n)
{
    for (size_t i = 0; i < n->nmodules; i++)
        fold_global(m, n, i);
}

/* Can module i (an Activation) fold into the layer it reads? */
static struct nn_elem *fold_target(struct nn_network *n, size_t i, struct nn_elem *act)
{
    if (act->kind != NN_K_ACTIVATION || i == 0)
        return NULL;
    const char *src = input_of(n, i, act);
    struct nn_elem *l = nn_net_elem_named(n, src);
    if (!l || !nn_kind_fuses_activation(l->kind) || nn_elem_has(l, NN_A_ACTV_FUNC) ||
        readers(n, src) != 1)
        return NULL;
    return l;
}

void nn_fold_activations(struct nn_model *m, struct nn_network *n)
{
    for (size_t i = 0; i < n->nmodules; i++) {
        struct nn_elem *act = nn_net_elem_named(n, n->modules[i].name);
        struct nn_elem *l = act ? fold_target(n, i, act) : NULL;
        if (!l)
            continue;
        static const enum nn_attr_id carried[] = {NN_A_ACTV_FUNC, NN_A_NEGATIVE_SLOPE,
                                                  NN_A_ACTV_DIM};
        for (size_t k = 0; k < sizeof carried / sizeof *carried; k++) {
            const struct nn_attr *a = nn_elem_attr(act, carried[k]);
            if (a)
                nn_elem_set(m, l, carried[k], a->v);
        }
        if (act->c.lead && !l->c.lead)
            l->c.lead = act->c.lead;
        const char *from = act->name, *to = l->name;
        drop(n, i, act);
        redirect(m, n, i - 1, from, to);
        /* a module right after the fold that named the activation now reads the layer;
         * when the layer is the previous module, the reference is not needed */
        if (i < n->nmodules) {
            struct nn_elem *next = nn_net_elem_named(n, n->modules[i].name);
            const struct nn_attr *a = next ? nn_elem_attr(next, NN_A_NAME_LAYER_INPUT) : NULL;
            if (a && strcmp(a->v.s, n->modules[i - 1].name) == 0)
                nn_elem_unset(next, NN_A_NAME_LAYER_INPUT);
        }
        i--;
    }
}
