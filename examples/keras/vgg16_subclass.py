"""VGG16 for 32x32 images as a Model subclass: blocks of convolutions in lists."""
import tensorflow as tf
from tensorflow.keras import layers


class VGG16(tf.keras.Model):
    def __init__(self, blocks=((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)), classes=10):
        super().__init__()
        self.stages = []
        for width, depth in blocks:
            stage = [layers.Conv2D(width, (3, 3), padding="same", activation="relu")
                     for _ in range(depth)]
            stage.append(layers.MaxPool2D((2, 2)))
            self.stages.append(stage)
        self.flatten = layers.Flatten()
        self.fc1 = layers.Dense(4096, activation="relu")
        self.drop1 = layers.Dropout(0.5)
        self.fc2 = layers.Dense(4096, activation="relu")
        self.drop2 = layers.Dropout(0.5)
        self.fc3 = layers.Dense(classes)

    def call(self, x, training=None):
        for stage in self.stages:
            for layer in stage:
                x = layer(x)
        x = self.flatten(x)
        x = self.drop1(self.fc1(x), training=training)
        x = self.drop2(self.fc2(x), training=training)
        return self.fc3(x)


model = VGG16()
model.build((None, 32, 32, 3))
