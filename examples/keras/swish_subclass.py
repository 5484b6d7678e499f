"""A small convolutional classifier as a keras.Model subclass whose
activations are swish Activation layers given by name."""
import keras
from keras import layers


class SwishNet(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = layers.Conv2D(8, 3)
        self.act1 = layers.Activation("swish")
        self.pool = layers.GlobalAveragePooling2D()
        self.dense = layers.Dense(8)
        self.act2 = layers.Activation("swish")
        self.head = layers.Dense(3)

    def call(self, x):
        x = self.pool(self.act1(self.conv(x)))
        return self.head(self.act2(self.dense(x)))


model = SwishNet()
model.build((None, 10, 10, 3))
