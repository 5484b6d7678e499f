"""Register tokens beside a class token (Darcet et al., "Vision Transformers
Need Registers", 2024), in a small token model: a custom layer makes its
learned tensors in __init__ (no build()), repeats the class token over the
batch with ops.tile and the two register tokens with ops.repeat, puts them
before the tokens, and subtracts a learned per-feature offset."""
import keras
from keras import layers, ops


class Tokens(layers.Layer):
    def __init__(self, dim, **kwargs):
        super().__init__(**kwargs)
        self.cls = self.add_weight(shape=(1, 1, dim), initializer="zeros", name="cls")
        self.reg = self.add_weight(shape=(1, 2, dim), initializer=keras.initializers.Constant(0.5))
        self.bias = self.add_weight(shape=(dim,), initializer="ones")

    def call(self, x):
        b = ops.shape(x)[0]
        t = ops.tile(self.cls, (b, 1, 1))
        r = ops.repeat(self.reg, b, axis=0)
        x = ops.concatenate([t, r, x], axis=1)
        return x - self.bias


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = layers.Dense(8)
        self.tokens = Tokens(8)
        self.head = layers.Dense(2)

    def call(self, x):
        t = self.tokens(self.embed(x))
        return self.head(t[:, 0] + t[:, 1])


model = Net()
model.build((None, 5, 3))
