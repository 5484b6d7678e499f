/* flow.c - a network's dataflow: module operands and uses (see flow.h). */
#include "metamodel/flow.h"

#include <stdlib.h>
#include <string.h>

#include "metamodel/shape.h"

#define NONE ((size_t)-2) /* not computed yet */

/* Per network: the latest module index that produced each layer, op and
 * sub-network.  Layers and ops are indexed directly (the network's own
 * arrays); sub-networks through a sorted list of those this network runs,
 * because an array over all of the root's sub-networks, built for every
 * sub-network's flow, made a model with S sub-networks cost O(S^2). */
struct latest {
    size_t *layer, *op;
    size_t *sub_index, *sub;  /* sub-networks run here, sorted; their latest module */
    size_t nsub;
};

enum nn_ref nn_flow_resolve(const struct nn_model *m, const struct nn_network *net, size_t i,
                            size_t *index)
{
    const struct nn_module *mod = &net->modules[i];
    if (mod->ref != NN_REF_NONE) {
        *index = mod->index;
        return mod->ref;
    }
    return nn_net_lookup(&m->net, net, mod->name, index);
}

/* Fill an array of n entries with NONE. */
static size_t *fresh(struct nn_arena *a, size_t n)
{
    size_t *p = nn_arena_alloc(a, (n ? n : 1) * sizeof *p);
    for (size_t i = 0; p && i < n; i++)
        p[i] = NONE;
    return p;
}

/* The slot for sub-network `index` in l, or NULL when this network never runs it. */
static size_t *sub_slot(struct latest *l, size_t index)
{
    size_t lo = 0, hi = l->nsub;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->sub_index[mid] < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->nsub && l->sub_index[lo] == index ? &l->sub[lo] : NULL;
}

/* The slot of `latest` that tracks (ref, index); NULL for a sub-network not run here. */
static size_t *latest_slot(struct latest *l, enum nn_ref ref, size_t index)
{
    switch (ref) {
    case NN_REF_LAYER: return &l->layer[index];
    case NN_REF_OP: return &l->op[index];
    case NN_REF_SUBNET: return sub_slot(l, index);
    default: NN_UNREACHABLE();
    }
}

/* Is name one of net's inputs?  Then store which in *input. */
static int names_input(const struct nn_model *m, const struct nn_network *net, const char *name,
                       size_t *input)
{
    long k = net == &m->net ? nn_net_input_named(net, name) : -1;
    *input = k >= 0 ? (size_t)k : 0;
    return k >= 0 || ((net != &m->net || !net->ninputs) && strcmp(name, "input") == 0);
}

/* The module that last produced `name` before module `at`, or an error. */
static int find_source(struct nn_model *m, const struct nn_network *net, struct latest *l,
                       const char *name, struct nn_loc loc, struct nn_flow_arg *arg,
                       struct nn_diag_sink *d)
{
    size_t *src = &arg->src;
    if (names_input(m, net, name, &arg->input)) {
        *src = NN_FLOW_INPUT;
        return 0;
    }
    size_t index = 0;
    enum nn_ref ref = nn_net_lookup(&m->net, net, name, &index);
    size_t *slot = ref == NN_REF_NONE ? NULL : latest_slot(l, ref, index);
    if (!slot || *slot == NONE) {
        nn_diag(d, loc, NN_ERROR, "'%s' is not a module computed before this one", name);
        return 1;
    }
    *src = *slot;
    return 0;
}

/* Attention's keys and values (name_kv_input): a second operand. */
static int kv_arg(struct nn_model *m, const struct nn_network *net, struct latest *l,
                  struct nn_flow_mod *fm, struct nn_diag_sink *d)
{
    const struct nn_attr *a = fm->elem ? nn_elem_attr(fm->elem, NN_A_NAME_KV_INPUT) : NULL;
    struct nn_flow_arg *two = a && a->v.s ? nn_arena_alloc(&m->arena, 2 * sizeof *two) : NULL;
    if (!two)
        return 0;
    two[0] = fm->args[0];
    memset(&two[1], 0, sizeof two[1]);
    fm->args = two;
    fm->nargs = 2;
    return find_source(m, net, l, a->v.s, a->v.loc, &two[1], d);
}

/* Operands of a layer or sub-network: name_layer_input or the previous output. */
static int layer_args(struct nn_model *m, const struct nn_network *net, struct latest *l,
                      size_t i, struct nn_flow_mod *fm, struct nn_diag_sink *d)
{
    fm->args = nn_arena_alloc(&m->arena, sizeof *fm->args);
    if (!fm->args)
        return 1;
    memset(fm->args, 0, sizeof *fm->args);
    fm->nargs = 1;
    fm->args[0].src = i == 0 ? NN_FLOW_INPUT : i - 1;
    const struct nn_attr *a = fm->elem ? nn_elem_attr(fm->elem, NN_A_NAME_LAYER_INPUT) : NULL;
    int errors = a && a->v.s ? find_source(m, net, l, a->v.s, a->v.loc, &fm->args[0], d) : 0;
    return errors + kv_arg(m, net, l, fm, d);
}

/* Operands of a tensor op: layers_of_tensors, or the previous output. */
static int op_args(struct nn_model *m, const struct nn_network *net, struct latest *l, size_t i,
                   struct nn_flow_mod *fm, struct nn_diag_sink *d)
{
    const struct nn_attr *a = nn_elem_attr(fm->elem, NN_A_LAYERS_OF_TENSORS);
    if (!a || a->v.type != NN_V_LIST || a->v.n == 0)
        return layer_args(m, net, l, i, fm, d);
    int errors = 0;
    fm->args = nn_arena_alloc(&m->arena, a->v.n * sizeof *fm->args);
    if (!fm->args)
        return 1;
    memset(fm->args, 0, a->v.n * sizeof *fm->args);
    fm->nargs = a->v.n;
    for (size_t k = 0; k < a->v.n; k++) {
        const struct nn_value *it = &a->v.items[k];
        struct nn_flow_arg *arg = &fm->args[k];
        arg->v = it;
        if (it->type == NN_V_INT || it->type == NN_V_FLOAT) {
            arg->scalar = 1;
            arg->value = it->type == NN_V_INT ? (double)it->i : it->f;
        } else {
            errors += find_source(m, net, l, it->s ? it->s : "", it->loc, arg, d);
        }
    }
    return errors;
}

/* A tensor op a Sequential model holds as a layer: permute, transpose or
 * reshape, leaving the batch axis in place (Keras' Permute and Reshape
 * layers cannot move it). */
static int chainable_op(const struct nn_elem *e)
{
    long long v[NN_SHAPE_MAX + 2];
    switch (e->kind) {
    case NN_K_OP_RESHAPE: return 1;
    case NN_K_OP_PERMUTE:
        return nn_elem_ints(e, NN_A_PERMUTE_DIM, v, NN_SHAPE_MAX + 2) >= 2 && v[0] == 0;
    case NN_K_OP_TRANSPOSE:
        return nn_elem_ints(e, NN_A_TRANSPOSE_DIM, v, 2) == 2 && v[0] > 0 && v[1] > 0;
    default: return 0;
    }
}

/* Count the uses of each output and decide whether the network is a chain. */
static void count_uses(struct nn_flow *f)
{
    f->chain = 1;
    f->breaks_at = f->n;
    for (size_t i = 0; i < f->n; i++) {
        struct nn_flow_mod *fm = &f->mods[i];
        size_t prev = i == 0 ? NN_FLOW_INPUT : i - 1;
        int linear = (fm->ref != NN_REF_OP || chainable_op(fm->elem)) && fm->nargs == 1 &&
                     !fm->args[0].scalar && fm->args[0].src == prev && fm->args[0].input == 0;
        if (!linear && f->chain) {
            f->chain = 0;
            f->breaks_at = i;
        }
        for (size_t k = 0; k < fm->nargs; k++) {
            const struct nn_flow_arg *arg = &fm->args[k];
            if (arg->scalar)
                continue;
            int far = arg->src != prev || arg->input != 0;
            if (arg->src == NN_FLOW_INPUT) {
                f->input_uses++;
                f->input_far_use |= far;
            } else {
                f->mods[arg->src].uses++;
                f->mods[arg->src].far_use |= far;
            }
        }
    }
}

/* Build the name indexes of models made through the C API (the DSL front end
 * indexes them during validation): the root's and net's own, which are all
 * a lookup in net reads. */
static int ensure_indexed(struct nn_model *m, const struct nn_network *net)
{
    if (!m->net.names && !nn_net_index(m, &m->net))
        return 0;
    struct nn_network *w = net == &m->net ? &m->net : &m->net.subnets[net - m->net.subnets];
    return w->names || nn_net_index(m, w);
}

/* Resolve module i (layer i when the network has no modules:) into fm. */
static int resolve_mod(struct nn_model *m, const struct nn_network *net, int implicit, size_t i,
                       struct nn_flow_mod *fm, struct nn_diag_sink *d)
{
    size_t index = i;
    fm->ref = implicit ? NN_REF_LAYER : nn_flow_resolve(m, net, i, &index);
    fm->name = implicit ? net->layers[i].name : net->modules[i].name;
    fm->loc = implicit ? net->layers[i].loc : net->modules[i].loc;
    if (fm->ref == NN_REF_LAYER)
        fm->elem = &net->layers[index];
    else if (fm->ref == NN_REF_OP)
        fm->elem = &net->ops[index];
    else if (fm->ref == NN_REF_SUBNET)
        fm->sub = &m->net.subnets[index];
    else {
        nn_diag(d, fm->loc, NN_ERROR, "module '%s' names nothing", fm->name);
        return 1;
    }
    return 0;
}

/* Index of what a resolved module runs, in its network's (or the root's) array. */
static size_t mod_index(const struct nn_model *m, const struct nn_network *net,
                        const struct nn_flow_mod *fm)
{
    if (fm->ref == NN_REF_SUBNET)
        return (size_t)(fm->sub - m->net.subnets);
    return (size_t)(fm->elem - (fm->ref == NN_REF_LAYER ? net->layers : net->ops));
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* The distinct sub-networks f runs, sorted, none run yet; 0 when out of memory. */
static int index_subs(struct nn_model *m, const struct nn_flow *f, struct latest *l)
{
    size_t k = 0, n = 0;
    for (size_t i = 0; i < f->n; i++)
        k += f->mods[i].ref == NN_REF_SUBNET;
    l->sub_index = nn_arena_alloc(&m->arena, (k ? k : 1) * sizeof *l->sub_index);
    if (!l->sub_index)
        return 0;
    for (size_t i = 0; i < f->n; i++)
        if (f->mods[i].ref == NN_REF_SUBNET)
            l->sub_index[n++] = (size_t)(f->mods[i].sub - m->net.subnets);
    qsort(l->sub_index, k, sizeof *l->sub_index, cmp_size);
    n = 0;
    for (size_t i = 0; i < k; i++)
        if (n == 0 || l->sub_index[n - 1] != l->sub_index[i])
            l->sub_index[n++] = l->sub_index[i];
    l->nsub = n;
    l->sub = fresh(&m->arena, n);
    return l->sub != NULL;
}

int nn_flow_build(struct nn_model *m, const struct nn_network *net, struct nn_flow *f,
                  struct nn_diag_sink *d)
{
    memset(f, 0, sizeof *f);
    if (!ensure_indexed(m, net))
        return 1;
    int implicit = !net->has_modules && net->nmodules == 0;
    f->n = implicit ? net->nlayers : net->nmodules;
    f->mods = nn_arena_alloc(&m->arena, (f->n ? f->n : 1) * sizeof *f->mods);
    struct latest l = {fresh(&m->arena, net->nlayers), fresh(&m->arena, net->nops), NULL, NULL,
                       0};
    if (!f->mods || !l.layer || !l.op)
        return 1;
    for (size_t i = 0; i < f->n; i++)
        if (resolve_mod(m, net, implicit, i, &f->mods[i], d))
            return 1;
    if (!index_subs(m, f, &l))
        return 1;
    int errors = 0;
    for (size_t i = 0; i < f->n; i++) {
        struct nn_flow_mod *fm = &f->mods[i];
        errors += fm->ref == NN_REF_OP ? op_args(m, net, &l, i, fm, d)
                                       : layer_args(m, net, &l, i, fm, d);
        size_t *slot = latest_slot(&l, fm->ref, mod_index(m, net, fm));
        fm->first_use = *slot == NONE;
        *slot = i;
    }
    if (!errors)
        count_uses(f);
    return errors;
}
