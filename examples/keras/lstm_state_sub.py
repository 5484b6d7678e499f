"""An LSTM with return_state=True whose final hidden state feeds the head."""
import tensorflow as tf


class StateNet(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = tf.keras.layers.Embedding(500, 16)
        self.lstm = tf.keras.layers.LSTM(12, return_state=True)
        self.out = tf.keras.layers.Dense(2)

    def call(self, tokens):
        x = self.embed(tokens)
        output, state_h, state_c = self.lstm(x)
        return self.out(state_h)


model = StateNet()
model.build((None, 30))
