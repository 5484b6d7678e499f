# expect: 11:13
"""The batch size as a number: nnc reads models for any batch."""
import keras
from keras import layers, ops


def build():
    inputs = keras.Input(shape=(8, 8, 3))
    x = layers.Conv2D(4, 3)(inputs)
    x = layers.GlobalAveragePooling2D()(x)
    units = ops.shape(x)[0] * 2
    return keras.Model(inputs, layers.Dense(units)(x))


model = build()
