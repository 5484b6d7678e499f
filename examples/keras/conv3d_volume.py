"""3D CNN on small volumes."""
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input((16, 16, 16, 1))
x = layers.Conv3D(8, 3, activation="relu")(inputs)
x = layers.MaxPooling3D(2)(x)
x = layers.Conv3D(16, (3, 3, 3), padding="same", activation="relu")(x)
x = layers.GlobalAveragePooling3D()(x)
x = layers.Dense(2)(x)
model = keras.Model(inputs=inputs, outputs=x, name="volume_cnn")
