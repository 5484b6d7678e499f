"""LSTM text classifier, Keras Model subclassing."""
import keras
from keras import layers


class LSTMTextClassifier(keras.Model):
    def __init__(self, vocab_size=10000, embed_dim=128, hidden=64, dropout=0.5, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(vocab_size, embed_dim)
        self.lstm = layers.LSTM(hidden)
        self.dropout = layers.Dropout(dropout)
        self.classifier = layers.Dense(1, activation="sigmoid")

    def call(self, inputs, training=None):
        x = self.embedding(inputs)
        x = self.lstm(x)
        x = self.dropout(x, training=training)
        return self.classifier(x)


model = LSTMTextClassifier()
model.build((None, 100))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
