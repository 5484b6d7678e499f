"""A GRU sequence model on float features (sensor windows), functional."""
import tensorflow as tf

inp = tf.keras.layers.Input(shape=(50, 6))
x = tf.keras.layers.GRU(32, return_sequences=True)(inp)
x = tf.keras.layers.GRU(16)(x)
x = tf.keras.layers.Dense(8, activation="relu")(x)
out = tf.keras.layers.Dense(1, activation="sigmoid")(x)
model = tf.keras.Model(inp, out)
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=3e-4), loss="binary_crossentropy")
