# expect: 7:18
import tensorflow as tf


class Scale(tf.keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],))

    def call(self, x):
        return x * self.w


class Net(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.fc = tf.keras.layers.Dense(4)
        self.scale = Scale()

    def call(self, x):
        return self.scale(self.fc(x))


model = Net()
model.build((None, 3))
