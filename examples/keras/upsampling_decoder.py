"""Upsampling layers of every rank: UpSampling2D nearest and bilinear,
UpSampling1D and UpSampling3D (nearest: repeated cells)."""
import keras
from keras import layers

inputs = keras.Input(shape=(4, 4, 8))
x = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
x = layers.UpSampling2D()(x)
x = layers.Conv2D(4, 3, padding="same", activation="relu")(x)
x = layers.UpSampling2D(size=(2, 3), interpolation="bilinear")(x)
x = layers.Reshape((16, 24 * 4))(x)
x = layers.UpSampling1D(2)(x)
x = layers.Reshape((4, 8, 24, 4))(x)
x = layers.UpSampling3D((1, 2, 1))(x)
model = keras.Model(inputs, x, name="upsampling_decoder")
