"""A Sequential feature extractor reused inside a Model subclass."""
import tensorflow as tf
from tensorflow.keras import layers, models


def conv_block(filters):
    return models.Sequential([
        layers.Conv2D(filters, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
    ])


class Classifier(models.Model):
    def __init__(self):
        super().__init__()
        self.features = models.Sequential([conv_block(16), conv_block(32)])
        self.head = models.Sequential([layers.Flatten(), layers.Dense(10)])

    def call(self, images):
        return self.head(self.features(images))


model = Classifier()
model.build((None, 16, 16, 3))
