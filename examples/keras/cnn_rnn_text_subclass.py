"""CNN-RNN text classifier, Model subclassing with tf.concat."""
import tensorflow as tf
from tensorflow.keras import layers, Model


class CNNRNNText(Model):
    def __init__(self, vocab=5000, embed=64, filters=32, hidden=48, classes=5):
        super().__init__()
        self.embedding = layers.Embedding(vocab, embed)
        self.conv_narrow = layers.Conv1D(filters, 3, padding="same", activation="relu")
        self.pool_narrow = layers.MaxPooling1D(pool_size=2)
        self.conv_wide = layers.Conv1D(filters, kernel_size=5, padding="same", activation=tf.nn.relu)
        self.pool_wide = layers.MaxPooling1D(pool_size=2)
        self.gru = layers.GRU(hidden)
        self.classifier = layers.Dense(classes, activation="softmax")

    def call(self, inputs):
        e = self.embedding(inputs)
        a = self.pool_narrow(self.conv_narrow(e))
        b = self.pool_wide(self.conv_wide(e))
        x = tf.concat([a, b], axis=-1)
        return self.classifier(self.gru(x))


model = CNNRNNText()
_ = model(tf.zeros((1, 64)))
