# expect: 8:18
import keras
from keras import layers


class Scale(layers.Layer):
    def build(self, input_shape):
        self.g = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                 regularizer="l2")

    def call(self, x):
        return x * self.g


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.fc = layers.Dense(4)
        self.scale = Scale()

    def call(self, x):
        return self.scale(self.fc(x))


model = Net()
model.build((None, 3))
