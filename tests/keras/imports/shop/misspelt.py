"""A block with a misspelt layer: the error is in this file."""
from keras import layers


def conv_bn(x, filters, name):
    x = layers.Conv2D(filters, 3, padding="same", name=f"{name}_conv")(x)
    return layers.BatchNormalisation(name=f"{name}_bn")(x)
