"""LSTM text classifier, the functional API."""
from tensorflow import keras
from tensorflow.keras import layers


def build_model(vocab_size=10000, maxlen=100):
    tokens = keras.Input(shape=(maxlen,), dtype="int32", name="tokens")
    x = layers.Embedding(vocab_size, 128, name="embedding")(tokens)
    x = layers.LSTM(64, name="lstm")(x)
    x = layers.Dropout(0.5, name="dropout")(x)
    outputs = layers.Dense(1, activation="sigmoid", name="classifier")(x)
    return keras.Model(tokens, outputs, name="lstm_text_classifier")


model = build_model()
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
              loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])

if __name__ == "__main__":
    model.fit(None, None, epochs=10, batch_size=32)
