/* trace.h - the trace builder every framework reader shares.
 *
 * A reader runs the source through the evaluator and, while it traces the
 * model's forward (call) code, appends the pivot's layers, ops and modules
 * here: the current network, the module emitted last (a layer's default
 * input), the prefixes of the blocks being inlined, the names given so
 * far, the blocks applied, the models instantiated at module level, the
 * training configuration found in the file and the input shape.  The
 * reader's own context starts with this struct (`t`) and adds only what is
 * framework-specific.
 */
#ifndef NN_M2M_TRACE_H
#define NN_M2M_TRACE_H

#include "m2m/blocks.h"
#include "m2m/eval.h"
#include "m2m/reader.h"
#include "metamodel/depth.h"
#include "metamodel/pivot.h"

/* Nested blocks inlined at once: each becomes a nested sub-network, so the
 * pivot's nesting limit (deeper: an error naming it). */
#define NN_M2M_MAX_PREFIX NN_MAX_NESTING

struct nn_m2m_trace {
    struct nn_m2m_eval ev;
    struct nn_model *m;
    struct nn_network *net;         /* the network being traced into */
    const struct nn_read_options *opt;
    int tracing;                    /* forward/call() is being traced into the pivot */
    const char *last;               /* module emitted last, NULL: none yet */
    const char *prefix[NN_M2M_MAX_PREFIX]; /* names of the blocks being inlined */
    int nprefix;
    int nest_reported;              /* the block nesting limit was reported */
    struct nn_m2m_names names;      /* module names given so far */
    struct nn_blocks blocks;        /* user blocks applied while tracing (blocks.h) */
    struct nn_m2m_pendings pending; /* module-level instantiations */
    /* training configuration found in the file */
    const char *optimiser, *loss;
    double lr, weight_decay, momentum;
    long long epochs, batch_size;
    const struct nn_py_node *config_at;
    long long input_shape[8];       /* batch excluded */
    int ninput_shape;               /* -1 or 0: none found */
};

/* Is src the output of the module emitted last (a layer's default input)? */
int nn_m2m_trace_is_previous(const struct nn_m2m_trace *t, const char *src);
/* Add a module entry for e and make it the last one. */
void nn_m2m_trace_add_module(struct nn_m2m_trace *t, struct nn_elem *e);
/* Add the gaps recorded so far as Unmapped modules (reader.h); the last of
 * them becomes the module emitted last.  Emitting a layer or op does it
 * first, so a gap sits where the construct was, feeding what followed it. */
void nn_m2m_trace_place_gaps(struct nn_m2m_trace *t);
/* Append a layer (a copy of proto) called name, fed by src; NULL when out of memory. */
struct nn_elem *nn_m2m_trace_emit_layer(struct nn_m2m_trace *t, const struct nn_elem *proto,
                                        const char *name, const char *src);
/* Give a value the name it is stored under (attributes, list items, dict
 * keys: name_i, name_key), once; host_name gives the name slot of the
 * reader's own values (layers, sequences), or NULL. */
void nn_m2m_trace_name(struct nn_m2m_eval *ev, struct nn_mval *v, const char *name,
                       const char **(*host_name)(struct nn_mval *v));
/* The same, items named by PyTorch's parameter path (name.i, name.key):
 * the reader sanitises the names it gives pivot modules. */
void nn_m2m_trace_path_name(struct nn_m2m_eval *ev, struct nn_mval *v, const char *name,
                            const char **(*host_name)(struct nn_mval *v));
/* The config section from the training configuration found (its common
 * attributes), attached to the root network; NULL when out of memory. */
struct nn_elem *nn_m2m_trace_config(struct nn_m2m_trace *t);

/* Room for need more block names on the prefix stack: 1, or 0 after
 * reporting the nesting limit at `at`.  Once reported, every later block
 * gives up too: a block that applies itself twice, read with --keep-going,
 * would otherwise branch exponentially below the limit. */
int nn_m2m_trace_block_room(struct nn_m2m_trace *t, const struct nn_py_node *at, int need);

#endif
