"""LSTM text classifier (review sentiment), Keras Sequential."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

VOCAB = 10000
MAXLEN = 100

model = keras.Sequential([
    keras.Input(shape=(MAXLEN,), dtype="int32"),
    layers.Embedding(VOCAB, 128, name="embedding"),
    layers.LSTM(64, name="lstm"),
    layers.Dropout(0.5, name="dropout"),
    layers.Dense(1, activation="sigmoid", name="classifier"),
], name="lstm_text_classifier")

model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="binary_crossentropy", metrics=["accuracy"])

if __name__ == "__main__":
    import numpy as np
    x = np.random.randint(0, VOCAB, size=(256, MAXLEN))
    y = np.random.randint(0, 2, size=(256, 1))
    model.fit(x, y, epochs=10, batch_size=32, validation_split=0.1)
