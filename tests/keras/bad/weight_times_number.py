# expect: 12:21
import keras
from keras import layers


class Scale(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        # the weight scaled by a number before it meets the tensor
        return x * (self.w * 2.0)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.fc = layers.Dense(4)
        self.scale = Scale()

    def call(self, x):
        return self.scale(self.fc(x))


model = Net()
model.build((None, 3))
