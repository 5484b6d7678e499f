"""Weight sharing in Keras: one custom layer called twice in call(), so
both calls use the same weights."""
import keras
from keras import layers


class Mixer(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units, activation="relu")
        self.norm = layers.LayerNormalization()

    def call(self, x):
        return self.norm(self.dense(x))


class TiedMixer(keras.Model):
    def __init__(self, units=24, classes=4):
        super().__init__()
        self.stem = layers.Dense(units)
        self.mixer = Mixer(units)
        self.head = layers.Dense(classes, activation="softmax")

    def call(self, inputs):
        x = self.stem(inputs)
        x = self.mixer(x)
        x = self.mixer(x)
        return self.head(x)


model = TiedMixer()
model.build((None, 20))
