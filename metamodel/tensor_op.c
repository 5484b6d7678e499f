/* tensor_op.c - classes and shapes of the arithmetic, element-wise and
 * reduction tensor ops (see tensor_op.h). */
#include "metamodel/tensor_op.h"

enum nn_top_class nn_top_class(enum nn_kind k)
{
    switch (k) {
    case NN_K_OP_SUBTRACT:
    case NN_K_OP_DIVIDE: return NN_TOP_BINOP;
    case NN_K_OP_MEAN:
    case NN_K_OP_MAX:
    case NN_K_OP_SUM:
    case NN_K_OP_MIN: return NN_TOP_REDUCE;
    case NN_K_OP_IDENTITY:
    case NN_K_OP_EXP:
    case NN_K_OP_LOG:
    case NN_K_OP_SQRT:
    case NN_K_OP_ABS:
    case NN_K_OP_NEG:
    case NN_K_OP_POW:
    case NN_K_OP_CLAMP: return NN_TOP_UNARY;
    default: return NN_TOP_NONE;
    }
}

int nn_top_reduce_axis(const struct nn_elem *e, int rank)
{
    long long d = nn_elem_int(e, NN_A_REDUCE_DIM), total = (long long)rank + 1;
    d += d < 0 ? total : 0;
    return d >= 1 && d < total ? (int)d - 1 : -1;
}

/* Broadcast the operand shapes together (scalars have rank 0). */
static const char *broadcast(const struct nn_shape *in, size_t nin, struct nn_shape *out)
{
    struct nn_shape s = {0, {0}};
    for (size_t k = 0; k < nin; k++) {
        const struct nn_shape *t = &in[k];
        struct nn_shape r = t->rank > s.rank ? *t : s;
        for (int i = 1; i <= t->rank && i <= s.rank; i++) {
            long long x = s.d[s.rank - i], y = t->d[t->rank - i];
            if (x != y && x != 1 && y != 1)
                return "the tensors' shapes do not broadcast";
            r.d[r.rank - i] = x == 1 ? y : x;
        }
        s = r;
    }
    *out = s;
    return NULL;
}

/* A reduction: the axis removed, or kept with size 1. */
static const char *reduce(const struct nn_elem *e, const struct nn_shape *in,
                          struct nn_shape *out)
{
    int ax = nn_top_reduce_axis(e, in->rank);
    if (ax < 0)
        return "reduce_dim is not a data axis (the batch axis is 0)";
    *out = *in;
    if (nn_elem_bool(e, NN_A_REDUCE_KEEPDIMS)) {
        out->d[ax] = 1;
        return NULL;
    }
    for (int i = ax; i + 1 < in->rank; i++)
        out->d[i] = in->d[i + 1];
    out->rank--;
    return NULL;
}

const char *nn_top_shape(const struct nn_elem *e, const struct nn_shape *in, size_t nin,
                         struct nn_shape *out)
{
    switch (nn_top_class(e->kind)) {
    case NN_TOP_BINOP:
        if (nin != 2)
            return "takes two operands";
        return broadcast(in, nin, out);
    case NN_TOP_REDUCE:
    case NN_TOP_UNARY:
        if (nin != 1 || in[0].rank < 1)
            return "takes one tensor";
        if (nn_top_class(e->kind) == NN_TOP_REDUCE)
            return reduce(e, &in[0], out);
        *out = in[0];
        return NULL;
    default: NN_UNREACHABLE();
    }
}

const char *nn_top_check(const struct nn_elem *e)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
    size_t n = a && a->v.type == NN_V_LIST ? a->v.n : 0, tensors = 0;
    for (size_t i = 0; i < n; i++)
        tensors += a->v.items[i].type != NN_V_INT && a->v.items[i].type != NN_V_FLOAT;
    switch (nn_top_class(e->kind)) {
    case NN_TOP_BINOP:
        return n == 2 && tensors >= 1 ? NULL : "layers_of_tensors must list two operands, "
                                               "at least one of them a module";
    case NN_TOP_REDUCE:
    case NN_TOP_UNARY:
        return n <= 1 && tensors == n ? NULL : "layers_of_tensors may list one module only";
    default: return NULL;
    }
}
