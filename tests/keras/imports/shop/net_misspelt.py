"""The same builder on blocks with an error of their own."""
import keras
from keras import layers
from shop import misspelt


def build():
    inputs = keras.Input(shape=(8, 8, 3))
    x = misspelt.conv_bn(inputs, 4, "b1")
    return keras.Model(inputs, layers.Dense(2)(x))


model = build()
