"""Blocks the builders beside this file import as `from shop import blocks`."""
import keras
from keras import layers


def conv_bn(x, filters, name):
    x = layers.Conv2D(filters, 3, padding="same", name=f"{name}_conv")(x)
    return layers.BatchNormalization(name=f"{name}_bn")(x)


# A model this module builds for itself: not the one a builder beside it reads.
demo = keras.Sequential([layers.Dense(3, name="demo_dense")])
