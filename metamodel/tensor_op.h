/* tensor_op.h - the arithmetic, element-wise and reduction tensor ops.
 *
 * These ops (binop_subtract, binop_divide, the reductions mean/max/sum/min
 * and the one-input element-wise functions identity, exp, log, sqrt, abs,
 * neg, pow, clamp) share their shape rules and the way generators write
 * them, so this module classes them and infers their output shapes; the
 * frameworks' spellings are in frameworks/tensor_spell.def.
 */
#ifndef NN_TENSOR_OP_H
#define NN_TENSOR_OP_H

#include <stddef.h>

#include "metamodel/pivot.h"
#include "metamodel/shape.h"

enum nn_top_class {
    NN_TOP_NONE,    /* not one of these ops */
    NN_TOP_BINOP,   /* broadcasting element-wise arithmetic of two operands */
    NN_TOP_REDUCE,  /* a reduction over reduce_dim, keeping it with reduce_keepdims */
    NN_TOP_UNARY,   /* an element-wise function of one tensor */
    NN_TOP_SUBSCRIPT, /* indexing and slicing: subscript_indices */
    NN_TOP_NORMALIZE, /* x / max(L2 norm over reduce_dim, eps) */
};

/* One item of subscript_indices: an index ("-1") or a slice
 * ("start:stop:step", each part optional, the step positive). */
struct nn_top_index {
    int slice;                    /* 1: a slice, 0: an index (in start) */
    int has_start, has_stop;      /* the slice's bounds given */
    long long start, stop, step;
};

/* Items of a subscript: the batch axis and at most NN_SHAPE_MAX data axes. */
#define NN_TOP_MAX_INDICES (NN_SHAPE_MAX + 1)

/* The class of kind k. */
enum nn_top_class nn_top_class(enum nn_kind k);

/* The output shape of op e applied to in[0..nin) (channel-last, batch
 * excluded) into *out; NULL, or the reason it cannot apply. */
const char *nn_top_shape(const struct nn_elem *e, const struct nn_shape *in, size_t nin,
                         struct nn_shape *out);

/* Check the operands op e lists: a binop two (tensors or numbers, at
 * least one tensor), the others at most one tensor.  NULL, or what is wrong. */
const char *nn_top_check(const struct nn_elem *e);

/* Parse one subscript item; 0 when it is well formed. */
int nn_top_index_parse(const char *s, struct nn_top_index *out);

/* An item as the DSL and generated Python write it: "-1", ":", "2:", "::2". */
const char *nn_top_index_text(struct nn_arena *a, const struct nn_top_index *x);

/* The items of e's subscript_indices into out[0..NN_TOP_MAX_INDICES); the
 * count, or -1 when one is malformed or there are too many. */
int nn_top_indices(const struct nn_elem *e, struct nn_top_index *out);

/* Set e's subscript_indices to x[0..n). */
void nn_top_set_indices(struct nn_model *m, struct nn_elem *e, const struct nn_top_index *x,
                        size_t n);

/* The data axis (0-based, batch excluded) reduce_dim names in a tensor of
 * `rank` data axes, or -1 when it names the batch or no axis. */
int nn_top_reduce_axis(const struct nn_elem *e, int rank);

#endif
