# expect: 24:13; keep-going: exit 0
import keras
from keras import layers


class Gate(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)

    def call(self, x):
        return x * self.dense(x)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.stem = layers.Dense(8)
        self.gate = Gate(8)

    def call(self, inputs):
        x = self.stem(inputs)
        y = self.gate(x)
        z = self.gate(x)
        return y + z


model = Net()
model.build((None, 8))
