"""Bidirectional stacked LSTM tagger-style classifier."""
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Bidirectional, Dense, Embedding, LSTM

model = Sequential([
    Embedding(input_dim=2000, output_dim=32, input_length=40),
    Bidirectional(LSTM(24, return_sequences=True)),
    Bidirectional(LSTM(16)),
    Dense(3, activation="softmax"),
])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
