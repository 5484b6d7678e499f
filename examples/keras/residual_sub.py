"""A residual MLP as a Model subclass: `x + self.block(x)`."""
import tensorflow as tf


class ResidualMLP(tf.keras.Model):
    def __init__(self, dim=32, depth=2):
        super().__init__()
        self.inp = tf.keras.layers.Dense(dim, activation="relu")
        self.blocks = [tf.keras.layers.Dense(dim, activation="relu") for _ in range(depth)]
        self.head = tf.keras.layers.Dense(3)

    def call(self, inputs):
        h = self.inp(inputs)
        for block in self.blocks:
            h = h + block(h)
        return self.head(h)


model = ResidualMLP()
model.build((None, 20))
