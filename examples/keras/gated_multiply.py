"""A gated unit: sigmoid gate times a tanh candidate (Multiply layer)."""
import tensorflow as tf
from tensorflow.keras import layers


class Gated(tf.keras.Model):
    def __init__(self, units=24):
        super().__init__()
        self.value = layers.Dense(units, activation="tanh")
        self.gate = layers.Dense(units, activation="sigmoid")
        self.mul = layers.Multiply()
        self.out_layer = layers.Dense(2)

    def call(self, x):
        return self.out_layer(self.mul([self.value(x), self.gate(x)]))


model = Gated()
model.build((None, 12))
