/* keras_pool.c - PyTorch's ceil_mode pooling in generated Keras (see keras_pool.h). */
#include "m2t/keras_pool.h"

#include <string.h>

#include "frameworks/pytext.h"
#include "metamodel/shape.h"

/* A per-axis list of e (one item broadcasts), def's items when unset. */
static void axis_values(const struct nn_elem *e, enum nn_attr_id id, int r, const long long *def,
                        long long *out)
{
    long long v[NN_SHAPE_MAX];
    size_t n = nn_elem_ints(e, id, v, NN_SHAPE_MAX);
    for (int d = 0; d < r; d++)
        out[d] = n == 0 ? def[d] : v[(size_t)d < n ? (size_t)d : n - 1];
}

const char *nn_keras_ceil_pool(struct nn_arena *a, const struct nn_elem *e, const char *name)
{
    static const long long ones[NN_SHAPE_MAX] = {1, 1, 1, 1, 1, 1, 1, 1};
    int r = nn_layer_rank(e);
    long long k[NN_SHAPE_MAX], st[NN_SHAPE_MAX];
    if (r < 1 || r >= NN_SHAPE_MAX)
        return NULL;
    axis_values(e, NN_A_KERNEL_DIM, r, ones, k);
    axis_values(e, NN_A_STRIDE_DIM, r, k, st);
    int max = strcmp(nn_elem_str(e, NN_A_POOLING_TYPE), "max") == 0;
    long long p = nn_elem_int(e, NN_A_PADDING_AMOUNT);
    const char *pad = p ? nn_arena_printf(a, ", padding=%lld", p) : "";
    return nn_arena_printf(a, "CeilPooling(\"%s\", %s, %s%s, %s)", max ? "max" : "average",
                           nn_py_ints(a, k, (size_t)r, 1), nn_py_ints(a, st, (size_t)r, 1), pad,
                           name);
}
