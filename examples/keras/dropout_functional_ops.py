"""tf.nn.dropout and tf.keras.activations used functionally in call()."""
import tensorflow as tf


class Net(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = tf.keras.layers.Dense(30)
        self.d2 = tf.keras.layers.Dense(5)

    def call(self, x, training=None):
        x = tf.keras.activations.relu(self.d1(x))
        if training:
            x = tf.nn.dropout(x, rate=0.25)
        return tf.nn.softmax(self.d2(x))


model = Net()
model.build((None, 7))
