"""A residual block with the functional API: Add() merges the shortcut."""
import keras
from keras import layers


def residual_block(x, filters, name):
    y = layers.Conv2D(filters, 3, padding="same", activation="relu", name=name + "_conv1")(x)
    y = layers.Conv2D(filters, 3, padding="same", name=name + "_conv2")(y)
    out = layers.Add(name=name + "_add")([x, y])
    return layers.Activation("relu", name=name + "_relu")(out)


inputs = keras.Input(shape=(16, 16, 8))
x = residual_block(inputs, 8, "block1")
x = residual_block(x, 8, "block2")
x = layers.GlobalMaxPooling2D()(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(inputs, outputs)
