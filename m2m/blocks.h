/* blocks.h - user blocks of a source file become sub-networks (sub_nn).
 *
 * Both readers inline a user block (a PyTorch nn.Module subclass, a Keras
 * Layer or Model subclass) while they trace the model, prefixing the names
 * of its modules with the block's path.  Each outermost application records
 * the run of modules it emitted (a span).  After tracing, a span whose
 * dataflow is self-contained moves into a sub-network named after the
 * block's path: its first module reads the previous module (the
 * sub-network's input), its modules read only each other or that input
 * (written "input"), its result is its last module, and nothing outside
 * reads any of its modules but the last.  Other spans stay inlined.  Names
 * inside lose the block's prefix ("b1_conv" becomes "conv" in "b1").
 *
 * The same instance applied again (shared weights) is not traced again: the
 * network gets one more module naming the first application's sub-network,
 * which the generators write as one attribute called twice.
 */
#ifndef NN_M2M_BLOCKS_H
#define NN_M2M_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

#include "m2m/reader.h"

#define NN_NO_SPAN SIZE_MAX

/* A user block applied while tracing: the modules it emitted. */
struct nn_block_span {
    const char *name;               /* the block's path, blocks joined by "_" */
    size_t m0, m1;                  /* its modules: [m0, m1) of the network */
    const char *in_src;             /* the module feeding it (NULL: not a tensor) */
    const char *out_src;            /* the module giving its result (NULL: not a tensor) */
    int fed_by_previous;            /* in_src was the module before it */
    const void *obj;                /* the block instance */
    const char *sub;                /* its sub-network's name, once it is applied again */
    const struct nn_py_node *again; /* where it is applied again (NULL: nowhere) */
    const void *in, *out;           /* the reader's input and result values */
    int moved;                      /* it became sub-network `sub` */
    int shared_only;                /* a named Sequential: a sub-network only when
                                       applied again, inlined otherwise */
    int several;                    /* applied with several arguments (the reader
                                       inlines it; never applied again) */
    int level;                      /* user blocks around it (0: outermost) */
    const char *cls;                /* the user class instantiated (NULL: unknown) */
};

/* The outermost blocks of one trace, in the order they were applied. */
struct nn_blocks {
    struct nn_block_span *spans;
    size_t n, cap;
    int depth;                      /* blocks being traced */
    int nested_spans;               /* record nested blocks too: those inside a
                                       block applied with several arguments
                                       that stays inlined may become
                                       sub-networks (set by the reader) */
};

/* A block starts: path is the prefix stack (names of the blocks being
 * inlined, this one last), in_src the module its input comes from, last
 * the module emitted last (NULL: none), obj the instance.  A nested block
 * (unless b->nested_spans), or one whose path is empty or a position,
 * records nothing: NN_NO_SPAN.
 * shared_only: a named Sequential, which becomes a sub-network only when it
 * is applied again, and does not count as an enclosing block. */
size_t nn_block_open(struct nn_blocks *b, struct nn_arena *a, const struct nn_network *net,
                     const char *const *prefix, int nprefix, const char *in_src,
                     const char *last, const void *obj, int shared_only);

/* block classes: record the user class of block instance obj (a user class's
 * object; anything else records nothing) on span (NN_NO_SPAN: nothing). */
void nn_block_set_class(struct nn_blocks *b, size_t span, const struct nn_mval *obj);

/* The span of an earlier outermost application of obj, when this one is
 * outermost too; NULL otherwise (the block is then traced as usual). */
struct nn_block_span *nn_block_applied(struct nn_blocks *b, const void *obj);

/* Apply the block of span s again at `at`, to the output of module in_src
 * (last: the module emitted last): adds a module naming the block's
 * sub-network and returns that name, or reports why it cannot and returns
 * NULL.  same_input: the reader found the input of the same rank and layout
 * as the first time. */
const char *nn_block_apply_again(struct nn_m2m_eval *ev,
                                 struct nn_m2m_names *names, struct nn_model *m,
                                 struct nn_network *net, struct nn_block_span *s,
                                 const struct nn_py_node *at, const char *in_src,
                                 const char *last, int same_input);

/* The block of span ends with the value of module out_src (NULL: not a
 * tensor); shared_only as given to nn_block_open. */
void nn_block_close(struct nn_blocks *b, const struct nn_network *net, size_t span,
                    const char *out_src, int shared_only);

/* After tracing: move each self-contained span of net into a sub-network of
 * the model, named uniquely through names.  A block applied again whose
 * first application cannot move is an error there. */
void nn_blocks_extract(struct nn_blocks *b, struct nn_m2m_eval *ev, struct nn_m2m_names *names,
                       struct nn_model *m, struct nn_network *net);

/* After extraction: the network (the root or a sub-network) that holds the
 * module traced as `name`, and its name there in *local. */
struct nn_network *nn_blocks_locate(const struct nn_blocks *b, struct nn_model *m,
                                    const char *name, const char **local);

#endif
