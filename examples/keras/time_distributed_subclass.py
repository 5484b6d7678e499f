"""A keras.Model subclass over sequences: a TimeDistributed Dense
projection, a recurrent layer keeping every step, and a TimeDistributed
Dense output per step."""
import keras
from keras import layers


class StepModel(keras.Model):
    def __init__(self):
        super().__init__()
        self.proj = layers.TimeDistributed(layers.Dense(8, activation="tanh"))
        self.rnn = layers.SimpleRNN(8, return_sequences=True)
        self.out = layers.TimeDistributed(layers.Dense(2))

    def call(self, x):
        return self.out(self.rnn(self.proj(x)))


model = StepModel()
model.build((None, 6, 4))
