"""Average pooling with padding 'same' (padded cells excluded from the mean)."""
import keras

model = keras.Sequential([
    keras.Input((15, 15, 2)),
    keras.layers.AveragePooling2D(pool_size=3, strides=2, padding="same"),
    keras.layers.Conv2D(4, 3, strides=2, padding="same"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(3),
])
