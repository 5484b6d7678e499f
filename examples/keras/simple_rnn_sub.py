"""SimpleRNN over sequences, with the full sequence averaged by reduce_mean."""
import tensorflow as tf
from tensorflow.keras import layers


class RNNMean(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.rnn = layers.SimpleRNN(20, return_sequences=True)
        self.fc = layers.Dense(4)

    def call(self, x):
        seq = self.rnn(x)
        pooled = tf.reduce_mean(seq, axis=1)
        return self.fc(pooled)


model = RNNMean()
model(tf.random.normal((4, 12, 10)))
