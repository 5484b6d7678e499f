"""Depthwise-separable, grouped and dilated convolutions (DepthwiseConv2D,
DepthwiseConv1D with depth_multiplier, Conv2D groups= and dilation_rate=)."""
import keras
from keras import layers


class SeparableBlock(keras.Model):
    def __init__(self):
        super().__init__()
        self.stem = layers.Conv2D(16, 3, padding="same", activation="relu")
        self.depthwise = layers.DepthwiseConv2D(3, padding="same", dilation_rate=2)
        self.pointwise = layers.Conv2D(32, 1, activation="relu")
        self.grouped = layers.Conv2D(32, 3, strides=2, groups=4, activation="relu")
        self.wide = layers.Conv2D(16, (3, 3), dilation_rate=(1, 2), groups=2)
        self.expand = layers.DepthwiseConv2D(3, depth_multiplier=2, use_bias=False)
        self.pool = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(5)

    def call(self, x):
        x = self.pointwise(self.depthwise(self.stem(x)))
        x = self.expand(self.wide(self.grouped(x)))
        return self.head(self.pool(x))


model = SeparableBlock()
model.build((None, 20, 20, 3))
