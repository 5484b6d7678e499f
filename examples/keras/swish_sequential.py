"""A small multilayer perceptron as a keras.Sequential with swish (x times
its sigmoid) as an Activation layer given by name."""
import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(10,)),
        layers.Dense(16),
        layers.Activation("swish"),
        layers.Dense(8),
        layers.Activation("swish"),
        layers.Dense(2),
    ],
    name="swish_mlp",
)
