# expect: 9:5
# A layer from a package nnc does not know, in a functional model.
import tensorflow as tf
from tensorflow.keras import layers
from mylib import Foo

inp = layers.Input(shape=(5,))
x = layers.Dense(4)(inp)
x = Foo(3)(x)
x = layers.Dense(2)(x)
model = tf.keras.Model(inp, x)
