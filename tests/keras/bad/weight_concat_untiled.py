# expect: 13:16
import keras
from keras import layers, ops


class ClassToken(layers.Layer):
    def build(self, input_shape):
        self.cls = self.add_weight(shape=(1, 1, input_shape[-1]), initializer="zeros")

    def call(self, x):
        # the class token is not repeated over the batch: a batch of 1
        # meets a batch of any size
        return ops.concatenate([self.cls, x], axis=1)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = layers.Dense(8)
        self.token = ClassToken()
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.token(self.embed(x))[:, 0])


model = Net()
model.build((None, 5, 3))
