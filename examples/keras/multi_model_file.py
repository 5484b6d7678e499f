"""A file with a pretraining model and the classifier that uses its encoder
block: nnc migrates the model no other model uses."""
import tensorflow as tf
from tensorflow.keras import layers


class Encoder(tf.keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(32, activation="relu")
        self.d2 = layers.Dense(16, activation="relu")

    def call(self, x):
        return self.d2(self.d1(x))


class Classifier(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.head = layers.Dense(4, activation="softmax")

    def call(self, x):
        return self.head(self.encoder(x))


clf = Classifier()
clf(tf.ones((1, 20)))
