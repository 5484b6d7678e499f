"""Stacked LSTMs built in a loop, return_sequences on all but the last."""
import keras
from keras import layers


class Stacked(keras.Model):
    def __init__(self, sizes=(32, 32, 16), classes=4):
        super().__init__()
        self.rnns = [layers.LSTM(n, return_sequences=i < len(sizes) - 1)
                     for i, n in enumerate(sizes)]
        self.out = layers.Dense(classes, activation="softmax")

    def call(self, x):
        for rnn in self.rnns:
            x = rnn(x)
        return self.out(x)


model = Stacked()
model.build((None, 20, 8))
