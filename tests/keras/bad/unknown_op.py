# expect: 7:5; keep-going: exit 0
import tensorflow as tf

inputs = tf.keras.Input(shape=(8, 8, 3))
x = tf.keras.layers.Conv2D(4, 3)(inputs)
x = tf.image.resize(x, (16, 16)) if False else x
x = tf.image.resize(x, (16, 16))
outputs = tf.keras.layers.Flatten()(x)
model = tf.keras.Model(inputs, outputs)
