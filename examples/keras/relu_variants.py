"""The ReLU layer's parameterised forms (relu6 by max_value, leaky by
negative_slope), and activations by their Keras names and functions
(hard_silu, PyTorch's Hardswish, is not in Keras 3.0)."""
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Dense(12),
    layers.ReLU(max_value=6.0),
    layers.Dense(12),
    layers.ReLU(negative_slope=0.2),
    layers.Dense(12, activation="hard_sigmoid"),
    layers.Dense(12, activation="mish"),
    layers.Dense(12, activation=keras.activations.swish),
    layers.Dense(12),
    layers.ELU(),
    layers.Dense(12, activation="softsign"),
    layers.Dense(12, activation="gelu"),
    layers.Dense(12, activation="hard_silu"),
    layers.Activation(keras.activations.hard_silu),
    layers.Dense(4, activation="relu6"),
])
