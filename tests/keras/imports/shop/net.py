"""A builder whose blocks are a submodule of its own package."""
import keras
from keras import layers
from shop import blocks


def build():
    inputs = keras.Input(shape=(8, 8, 3))
    x = blocks.conv_bn(inputs, 4, "b1")
    x = blocks.conv_bn(x, x.shape[-1] * 2, "b2")
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(2, name="head")(x))


model = build()
