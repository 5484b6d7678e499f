# expect: 9:22; keep-going: exit 1
import keras
from keras import layers


class Head(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.head = Head(4)

    def call(self, inputs):
        return self.head(inputs)


model = Net()
