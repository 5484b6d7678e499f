"""Text CNN: embedding, Conv1D, GlobalMaxPooling1D (Keras 3 imports)."""
import keras
from keras import layers as L

model = keras.Sequential([
    keras.Input(shape=(80,), dtype="int64"),
    L.Embedding(3000, 50),
    L.Conv1D(64, 5, activation="relu"),
    L.GlobalMaxPooling1D(),
    L.Dense(32, activation="relu"),
    L.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
