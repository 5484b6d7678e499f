"""CNN-RNN text classifier: two convolution branches, concatenated, then a GRU.
The functional API (branches need it)."""
import tensorflow as tf

layers = tf.keras.layers

inputs = tf.keras.Input(shape=(64,))
emb = layers.Embedding(input_dim=5000, output_dim=64, name="embedding")(inputs)
narrow = layers.Conv1D(32, 3, padding="same", activation="relu", name="conv_narrow")(emb)
narrow = layers.MaxPooling1D(2, name="pool_narrow")(narrow)
wide = layers.Conv1D(32, 5, padding="same", activation="relu", name="conv_wide")(emb)
wide = layers.MaxPooling1D(2, name="pool_wide")(wide)
merged = layers.Concatenate(axis=-1, name="merge")([narrow, wide])
x = layers.GRU(48, name="gru")(merged)
outputs = layers.Dense(5, activation="softmax", name="classifier")(x)
model = tf.keras.Model(inputs=inputs, outputs=outputs, name="cnn_rnn_text_classifier")

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
              metrics=["accuracy", tf.keras.metrics.F1Score()])

if __name__ == "__main__":
    model.fit(None, None, batch_size=64, epochs=8)
