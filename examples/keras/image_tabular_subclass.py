"""The image-and-attributes classifier as a keras.Model subclass: call()
takes the list of its two inputs and unpacks it; the model is built on the
shapes of both (a list of shapes, batch first)."""
import keras
from keras import layers


class ImageTabularNet(keras.Model):
    def __init__(self, classes=4):
        super().__init__()
        self.conv = layers.Conv2D(8, 3, activation="relu")
        self.pool = layers.MaxPooling2D(2)
        self.gap = layers.GlobalAveragePooling2D()
        self.tab1 = layers.Dense(16, activation="relu")
        self.tab2 = layers.Dense(8, activation="relu")
        self.join = layers.Concatenate()
        self.head = layers.Dense(classes, activation="softmax")

    def call(self, inputs):
        image, features = inputs
        x = self.gap(self.pool(self.conv(image)))
        y = self.tab2(self.tab1(features))
        return self.head(self.join([x, y]))


model = ImageTabularNet()
model.build([(None, 12, 12, 3), (None, 6)])
