/* keras_pool.c - PyTorch's ceil_mode pooling in generated Keras (see keras_pool.h). */
#include "m2t/keras_pool.h"

#include <string.h>

#include "frameworks/pytext.h"
#include "metamodel/shape.h"

const char nn_keras_ceil_pooling[] =
    "class CeilPooling(layers.Layer):\n"
    "    \"\"\"PyTorch's max or average pooling with ceil_mode=True on a\n"
    "    channel-last tensor: every spatial axis is padded by `padding` cells on\n"
    "    both sides and at its end by the cells a last partial window needs\n"
    "    (PyTorch keeps that window when it starts inside the input or its left\n"
    "    padding).  Max pooling pads with -inf; average pooling divides each\n"
    "    window's sum by its cells inside the padded input, as PyTorch does.\"\"\"\n"
    "\n"
    "    def __init__(self, mode, pool_size, strides, padding=0, **kwargs):\n"
    "        super().__init__(**kwargs)\n"
    "        self.mode = mode\n"
    "        self.pool_size = tuple(pool_size)\n"
    "        self.strides = tuple(strides)\n"
    "        self.padding = padding\n"
    "\n"
    "    def pool(self, x):\n"
    "        pool = ops.max_pool if self.mode == \"max\" else ops.average_pool\n"
    "        return pool(x, self.pool_size, self.strides, padding=\"valid\")\n"
    "\n"
    "    def call(self, x):\n"
    "        p = self.padding\n"
    "        pads, ends, padded = [(0, 0)], [(0, 0)], []\n"
    "        for n, k, s in zip(x.shape[1:-1], self.pool_size, self.strides):\n"
    "            windows = -(-(n + 2 * p - k) // s) + 1\n"
    "            if (windows - 1) * s >= n + p:\n"
    "                windows -= 1\n"
    "            end = max((windows - 1) * s + k - n - 2 * p, 0)\n"
    "            pads.append((p, p + end))\n"
    "            ends.append((0, end))\n"
    "            padded.append(n + 2 * p)\n"
    "        pads.append((0, 0))\n"
    "        ends.append((0, 0))\n"
    "        if self.mode == \"max\":\n"
    "            return self.pool(ops.pad(x, pads, constant_values=float(\"-inf\")))\n"
    "        inside = ops.pad(ops.ones([1] + padded + [1], dtype=x.dtype), ends)\n"
    "        return self.pool(ops.pad(x, pads)) / self.pool(inside)\n"
    "\n"
    "    def get_config(self):\n"
    "        return {**super().get_config(), \"mode\": self.mode,\n"
    "                \"pool_size\": self.pool_size, \"strides\": self.strides,\n"
    "                \"padding\": self.padding}\n";

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
