# expect: 10:9
# A misspelt layer in a functional model built by a function: reported at
# its call with a suggestion, not at 1:1.
import tensorflow as tf


def build(units):
    inp = tf.keras.Input(shape=(5,))
    x = tf.keras.layers.Dense(units)(inp)
    x = tf.keras.layers.Dens(4)(x)
    x = tf.nn.relu(x)
    x = tf.keras.layers.Dense(2)(x)
    return tf.keras.Model(inp, x)


model = build(8)
