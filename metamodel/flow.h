/* flow.h - the dataflow of a network: what each module consumes.
 *
 * A module takes the previous module's output, or the module named by its
 * name_layer_input, or (tensor ops) the modules and scalars listed in
 * layers_of_tensors.  nn_flow_build() resolves every reference to the
 * latest earlier module of that name ("input" is the network input; a
 * root network with an inputs: section names each of its inputs), counts
 * how often each output is used, and tells whether the network is a plain
 * chain (each module consumes exactly its predecessor, no tensor ops), which
 * is what a Sequential model can express.  A sub-network without its own
 * modules: section runs its layers in order.  Shape inference and every
 * code generator read the same flow.
 */
#ifndef NN_FLOW_H
#define NN_FLOW_H

#include <stddef.h>

#include "metamodel/diag.h"
#include "metamodel/pivot.h"

#define NN_FLOW_INPUT ((size_t)-1) /* the network input, as a source */

/* One operand: a module's output (or the network input), or a scalar. */
struct nn_flow_arg {
    size_t src;          /* module index or NN_FLOW_INPUT; unused for a scalar */
    size_t input;        /* with NN_FLOW_INPUT: which of the root's inputs (0 for the only one) */
    int scalar;          /* 1: a number */
    double value;        /* the number */
    const struct nn_value *v; /* the list item, for the scalar's spelling and location */
};

struct nn_flow_mod {
    const char *name;            /* the module's name */
    struct nn_loc loc;           /* its entry in modules: (or the layer) */
    enum nn_ref ref;             /* layer, op or sub-network */
    struct nn_elem *elem;        /* the layer or op; NULL for a sub-network */
    const struct nn_network *sub;/* the sub-network; NULL otherwise */
    struct nn_flow_arg *args;    /* operands in order */
    size_t nargs;
    size_t uses;                 /* later modules consuming this output */
    int far_use;                 /* consumed by a module other than the next one */
    int first_use;               /* the first module of this network to run its layer,
                                    op or sub-network */
};

struct nn_flow {
    struct nn_flow_mod *mods;
    size_t n;
    size_t input_uses;           /* uses of the input (of every input, for several) */
    int input_far_use;           /* the input is consumed after module 0 */
    int chain;                   /* 1: a Sequential can express this network */
    size_t breaks_at;            /* when not a chain: the first module that is not */
};

/* Build the flow of net (the root or one of its sub-networks).  Returns the
 * number of errors reported (references to later or unknown modules). */
int nn_flow_build(struct nn_model *m, const struct nn_network *net, struct nn_flow *f,
                  struct nn_diag_sink *d);

/* What module i of net names (layer, op or sub-network) and its index. */
enum nn_ref nn_flow_resolve(const struct nn_model *m, const struct nn_network *net, size_t i,
                            size_t *index);

#endif
