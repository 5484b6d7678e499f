# expect: 12:12; keep-going: exit 1
import tensorflow as tf


class Branchy(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.fc = tf.keras.layers.Dense(4)

    @tf.function
    def call(self, x):
        if tf.reduce_sum(x) > 0:
            x = self.fc(x)
        return x


model = Branchy()
model.build((None, 3))
