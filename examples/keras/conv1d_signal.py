"""1D CNN for signal classification (Conv1D, strides, GlobalAveragePooling1D)."""
import keras

model = keras.Sequential([
    keras.layers.Input(shape=(128, 3)),
    keras.layers.Conv1D(filters=16, kernel_size=7, strides=2, padding="same", activation="relu"),
    keras.layers.Conv1D(32, 5, activation="relu"),
    keras.layers.MaxPooling1D(pool_size=3, strides=2, padding="same"),
    keras.layers.Conv1D(64, 3, padding="same", activation="relu"),
    keras.layers.GlobalAveragePooling1D(),
    keras.layers.Dropout(0.3),
    keras.layers.Dense(6, activation="softmax"),
])
