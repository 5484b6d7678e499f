"""A functional sequence classifier: each time step is projected by a
TimeDistributed Dense before a GRU reads the sequence."""
import keras
from keras import layers

steps = keras.Input(shape=(6, 4))
x = layers.TimeDistributed(layers.Dense(8, activation="relu"), name="step_proj")(steps)
x = layers.GRU(8)(x)
outputs = layers.Dense(3)(x)
model = keras.Model(steps, outputs, name="step_classifier")
