"""Activations given every way: strings, functions, layers, variables."""
import tensorflow as tf
from tensorflow.keras import activations, layers

ACT = "elu"
hidden_act = activations.selu


class Zoo(tf.keras.Model):
    def __init__(self, act=tf.nn.tanh):
        super().__init__()
        self.a = layers.Dense(16, activation="gelu")
        self.b = layers.Dense(16, activation=act)
        self.c = layers.Dense(16, activation=ACT)
        self.d = layers.Dense(16, activation=hidden_act)
        self.e = layers.Dense(16)
        self.leaky = layers.LeakyReLU(negative_slope=0.1)
        self.f = layers.Dense(16, activation="leaky_relu")
        self.g = layers.Dense(16, activation="swish")
        self.h = layers.Dense(8)

    def call(self, x):
        x = self.b(self.a(x))
        x = self.d(self.c(x))
        x = self.leaky(self.e(x))
        x = self.g(self.f(x))
        x = tf.nn.softplus(self.h(x))
        x = tf.keras.activations.gelu(x, approximate=True)
        return tf.keras.activations.sigmoid(x)


model = Zoo()
model.build((None, 10))
