"""LayerNormalization with its Keras epsilon, and a Dense tower."""
import keras
from keras import layers

model = keras.Sequential([
    layers.Input((24,)),
    layers.Dense(64),
    layers.LayerNormalization(),
    layers.Activation("relu"),
    layers.Dense(64),
    layers.LayerNormalization(epsilon=1e-6),
    layers.Activation(keras.activations.relu),
    layers.Dense(2),
])
