"""A squeeze-and-excitation block as a subclassed model: the channel means
kept as (N, 1, 1, C) with ops.mean(keepdims=True), two Dense layers on the
channel axis, and the gate broadcast over the feature map by `x * gate`."""
import keras
from keras import layers, ops


class SEBlock(keras.Model):
    def __init__(self, channels=16, reduction=4):
        super().__init__()
        self.conv = layers.Conv2D(channels, 3, padding="same", activation="relu")
        self.squeeze = layers.Dense(channels // reduction, activation="relu")
        self.excite = layers.Dense(channels, activation="sigmoid")
        self.pool = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(5)

    def call(self, x):
        x = self.conv(x)
        gate = self.excite(self.squeeze(ops.mean(x, axis=(1, 2), keepdims=True)))
        return self.head(self.pool(x * gate))


model = SEBlock()
model.build((None, 8, 8, 3))
