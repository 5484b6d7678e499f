/* inputs.c - checks of a network's named inputs (see inputs.h). */
#include "metamodel/inputs.h"

#include <string.h>

int nn_model_multi_input(const struct nn_model *m)
{
    return m->net.ninputs > 1;
}

int nn_inputs_refuse(const struct nn_model *m, const char *what, int several_only,
                     struct nn_diag_sink *d)
{
    const struct nn_network *n = &m->net;
    if (!n->ninputs || (several_only && n->ninputs < 2))
        return 0;
    nn_diag(d, n->inputs[0].loc, NN_ERROR, "%s does not write a network with named inputs "
            "(an inputs: section) yet", what);
    return 1;
}

/* Mark the input called name (if any) as used. */
static void mark(const struct nn_network *n, const char *name, unsigned char *used)
{
    long k = name ? nn_net_input_named(n, name) : -1;
    if (k >= 0)
        used[k] = 1;
}

/* Mark the inputs an element names in name_layer_input, name_kv_input or
 * layers_of_tensors. */
static void mark_refs(const struct nn_network *n, const struct nn_elem *e, unsigned char *used)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_NAME_LAYER_INPUT);
    if (a && a->v.s)
        mark(n, a->v.s, used);
    a = nn_elem_attr(e, NN_A_NAME_KV_INPUT);
    if (a && a->v.s)
        mark(n, a->v.s, used);
    a = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
    for (size_t i = 0; a && a->v.type == NN_V_LIST && i < a->v.n; i++)
        if (a->v.items[i].type == NN_V_STRING || a->v.items[i].type == NN_V_NAME)
            mark(n, a->v.items[i].s, used);
}

/* Does the first module of n take the previous output, that is the first input? */
static int first_takes_input(struct nn_network *n)
{
    const char *name = n->nmodules ? n->modules[0].name : n->nlayers ? n->layers[0].name : NULL;
    const struct nn_elem *e = name ? nn_net_elem_named(n, name) : NULL;
    if (!e)
        return name != NULL; /* a sub-network takes the previous output */
    const struct nn_attr *a = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
    if (a && a->v.type == NN_V_LIST && a->v.n)
        return 0;
    a = nn_elem_attr(e, NN_A_NAME_LAYER_INPUT);
    return !(a && a->v.s);
}

/* An input named twice, or with the name of a layer, op or sub-network. */
static int check_names(const struct nn_network *n, struct nn_diag_sink *d)
{
    int errors = 0;
    for (size_t i = 0; i < n->ninputs; i++) {
        const struct nn_elem *e = &n->inputs[i];
        size_t idx;
        if ((size_t)nn_net_input_named(n, e->name) != i) {
            nn_diag(d, e->loc, NN_ERROR, "input '%s' is declared more than once", e->name);
            nn_diag(d, n->inputs[nn_net_input_named(n, e->name)].loc, NN_NOTE,
                    "first declared here");
            errors++;
        } else if (nn_net_lookup(n, n, e->name, &idx) != NN_REF_NONE) {
            nn_diag(d, e->loc, NN_ERROR, "input '%s' has the name of a module", e->name);
            errors++;
        } else if (strcmp(e->name, "self") == 0 || strcmp(e->name, "x") == 0 ||
                   strcmp(e->name, "inputs") == 0) {
            nn_diag(d, e->loc, NN_ERROR, "'%s' cannot name an input: generated forward and call "
                    "methods use the names self, x and inputs", e->name);
            errors++;
        }
    }
    return errors;
}

/* Report inputs no module consumes. */
static int check_used(struct nn_model *m, struct nn_network *n,
                      struct nn_diag_sink *d)
{
    unsigned char few[16], *used = few;
    if (n->ninputs > sizeof few &&
        !(used = nn_arena_alloc(&m->arena, n->ninputs)))
        return 1;
    memset(used, 0, n->ninputs);
    used[0] = (unsigned char)first_takes_input(n);
    for (size_t i = 0; i < n->nlayers; i++)
        mark_refs(n, &n->layers[i], used);
    for (size_t i = 0; i < n->nops; i++)
        mark_refs(n, &n->ops[i], used);
    int errors = 0;
    for (size_t i = 0; i < n->ninputs; i++)
        if (!used[i]) {
            nn_diag(d, n->inputs[i].loc, NN_ERROR, "input '%s' is never used: no module "
                    "names it", n->inputs[i].name);
            errors++;
        }
    return errors;
}

int nn_inputs_validate(struct nn_model *m, struct nn_diag_sink *d)
{
    struct nn_network *n = &m->net;
    if (!n->ninputs)
        return 0;
    const struct nn_attr *a = nn_elem_attr(&n->head, NN_A_INPUT_SHAPE);
    if (a) {
        nn_diag(d, a->key_loc, NN_ERROR, "a network with an inputs: section gives each input "
                "its own input_shape, not one for the network");
        return 1;
    }
    int errors = check_names(n, d);
    return errors ? errors : check_used(m, n, d);
}
