"""tf.reshape to a sequence and back to a vector inside call()."""
import tensorflow as tf


class Reshaper(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.proj = tf.keras.layers.Dense(40)
        self.conv = tf.keras.layers.Conv1D(4, 3, activation="relu")
        self.out = tf.keras.layers.Dense(1)

    def call(self, x):
        h = self.proj(x)
        h = tf.reshape(h, [-1, 10, 4])
        h = self.conv(h)
        h = tf.reshape(h, (tf.shape(h)[0], -1))
        return self.out(h)


model = Reshaper()
model.build((None, 16))
