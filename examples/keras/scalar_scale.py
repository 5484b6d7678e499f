"""Scaling by constants: `0.5 * x` and `x * SCALE`."""
import tensorflow as tf

SCALE = 2.0

inputs = tf.keras.Input(shape=(9,))
h = tf.keras.layers.Dense(9, activation="tanh")(inputs)
h = 0.5 * h
h = h * SCALE
out = tf.keras.layers.Dense(2)(h)
model = tf.keras.Model(inputs, out)
