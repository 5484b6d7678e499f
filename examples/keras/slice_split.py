"""Slicing and splitting in a subclassed model: a GLU-style gate from
keras.ops.split at a split point (a * sigmoid(b)), tf.split by sizes, the
last step x[:, -1, :], the first step x[:, 0], a channel slice x[..., :3]
and a strided slice x[:, ::2]."""
import keras
import tensorflow as tf
from keras import layers, ops


class SliceSplit(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = layers.Conv1D(16, 3, padding="same")
        self.proj = layers.Dense(6)
        self.flat = layers.Flatten()
        self.head = layers.Dense(3)

    def call(self, x):
        a, b = ops.split(self.conv(x), [8], axis=-1)
        h = a * ops.sigmoid(b)
        first, rest = tf.split(h, [3, 5], axis=2)
        h = self.proj(ops.concatenate([rest, first], axis=-1)[:, ::2])
        k = h[:, -1, :][..., :3] + h[:, 0][:, 3:]
        return self.head(ops.concatenate([k, self.flat(h[:, 1:3, :])], axis=1))


model = SliceSplit()
model.build((None, 12, 4))
