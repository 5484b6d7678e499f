# expect: 12:13
import keras
from keras import layers, ops


class Tokens(layers.Layer):
    def build(self, input_shape):
        self.cls = self.add_weight(shape=(1, 1, input_shape[-1]), initializer="zeros")

    def call(self, x):
        # repeated along the tokens too, not only over the batch
        t = ops.broadcast_to(self.cls, (ops.shape(x)[0], 2, ops.shape(x)[2]))
        return ops.concatenate([t, x], axis=1)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = layers.Dense(8)
        self.tokens = Tokens()
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.tokens(self.embed(x))[:, 0])


model = Net()
model.build((None, 5, 3))
