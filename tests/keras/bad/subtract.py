# expect: 12:16; keep-going: exit 0
import tensorflow as tf


class Diff(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.a = tf.keras.layers.Dense(4)
        self.b = tf.keras.layers.Dense(4)

    def call(self, x):
        return self.a(x) - self.b(x)


model = Diff()
model.build((None, 3))
