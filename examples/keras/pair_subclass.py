"""Two records of the same kind scored as a pair, as a keras.Model subclass
that indexes its list of inputs; its shapes come from a sample call."""
import numpy as np
import keras
from keras import layers


class PairNet(keras.Model):
    def __init__(self):
        super().__init__()
        self.left_branch = layers.Dense(8, activation="tanh")
        self.right_branch = layers.Dense(8, activation="tanh")
        self.score = layers.Dense(1, activation="sigmoid")

    def call(self, inputs):
        left = inputs[0]
        right = inputs[1]
        a = self.left_branch(left)
        b = self.right_branch(right)
        return self.score(keras.ops.concatenate([a - b, a * b], axis=-1))


model = PairNet()
model([np.zeros((1, 10), "float32"), np.zeros((1, 10), "float32")])
