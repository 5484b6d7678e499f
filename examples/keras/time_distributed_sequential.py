"""A sequence tagger as a keras.Sequential: an LSTM over the time steps,
then the same Dense classifier applied at every step with TimeDistributed
(the pivot's Linear, which reads the last axis)."""
import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(6, 4)),
        layers.LSTM(8, return_sequences=True),
        layers.TimeDistributed(layers.Dense(5, activation="softmax")),
    ],
    name="tagger",
)
