"""Transposed convolutions of rank 1 and 3: Keras's default output size on
'valid' (where the stride exceeds the window: zeros plus the bias at the
end), a Cropping right after one (PyTorch's padding), an explicit
output_padding, 'same', dilation."""
import keras
from keras import layers

inputs = keras.Input(shape=(9, 4))
x = layers.Conv1DTranspose(6, 2, strides=3)(inputs)
x = layers.Cropping1D((1, 2))(x)
x = layers.Conv1DTranspose(5, 3, strides=2, output_padding=1, activation="relu")(x)
x = layers.Conv1DTranspose(4, 5, strides=3, padding="same")(x)
x = layers.Conv1DTranspose(3, 3, dilation_rate=2, use_bias=False)(x)
x = layers.Reshape((-1, 1, 1, 3))(x)
x = layers.Conv3DTranspose(2, (3, 1, 1), padding="same", activation="sigmoid")(x)
model = keras.Model(inputs, x)
