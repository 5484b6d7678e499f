# expect: 53:9
# nnc's own CeilPooling helper, byte for byte, asked for a "min" pooling:
# the helper would average (any mode but "max"), so the reader refuses it.
import keras
from keras import layers, ops


class CeilPooling(layers.Layer):
    """PyTorch's max or average pooling with ceil_mode=True on a
    channel-last tensor: every spatial axis is padded by `padding` cells on
    both sides and at its end by the cells a last partial window needs
    (PyTorch keeps that window when it starts inside the input or its left
    padding).  Max pooling pads with -inf; average pooling divides each
    window's sum by its cells inside the padded input, as PyTorch does."""

    def __init__(self, mode, pool_size, strides, padding=0, **kwargs):
        super().__init__(**kwargs)
        self.mode = mode
        self.pool_size = tuple(pool_size)
        self.strides = tuple(strides)
        self.padding = padding

    def pool(self, x):
        pool = ops.max_pool if self.mode == "max" else ops.average_pool
        return pool(x, self.pool_size, self.strides, padding="valid")

    def call(self, x):
        p = self.padding
        pads, ends, padded = [(0, 0)], [(0, 0)], []
        for n, k, s in zip(x.shape[1:-1], self.pool_size, self.strides):
            windows = -(-(n + 2 * p - k) // s) + 1
            if (windows - 1) * s >= n + p:
                windows -= 1
            end = max((windows - 1) * s + k - n - 2 * p, 0)
            pads.append((p, p + end))
            ends.append((0, end))
            padded.append(n + 2 * p)
        pads.append((0, 0))
        ends.append((0, 0))
        if self.mode == "max":
            return self.pool(ops.pad(x, pads, constant_values=float("-inf")))
        inside = ops.pad(ops.ones([1] + padded + [1], dtype=x.dtype), ends)
        return self.pool(ops.pad(x, pads)) / self.pool(inside)

    def get_config(self):
        return {**super().get_config(), "mode": self.mode,
                "pool_size": self.pool_size, "strides": self.strides,
                "padding": self.padding}


def build(mode):
    inputs = keras.Input(shape=(16, 16, 3))
    x = CeilPooling(mode, (3, 3), (2, 2), name="pool")(inputs)
    return keras.Model(inputs, x)


model = build("min")
