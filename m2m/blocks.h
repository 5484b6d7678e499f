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
};

/* The outermost blocks of one trace, in the order they were applied. */
struct nn_blocks {
    struct nn_block_span *spans;
    size_t n, cap;
    int depth;                      /* blocks being traced */
};

/* A block starts: path is the prefix stack (names of the blocks being
 * inlined, this one last), in_src the module its input comes from, last
 * the module emitted last (NULL: none).  A nested block, or one whose path
 * is empty or a position, records nothing: NN_NO_SPAN. */
size_t nn_block_open(struct nn_blocks *b, struct nn_arena *a, const struct nn_network *net,
                     const char *const *prefix, int nprefix, const char *in_src,
                     const char *last);

/* The block of span ends with the value of module out_src (NULL: not a tensor). */
void nn_block_close(struct nn_blocks *b, const struct nn_network *net, size_t span,
                    const char *out_src);

/* After tracing: move each self-contained span of net into a sub-network of
 * the model, named uniquely through names. */
void nn_blocks_extract(struct nn_blocks *b, struct nn_m2m_eval *ev, struct nn_m2m_names *names,
                       struct nn_model *m, struct nn_network *net);

#endif
