"""Grouped and dilated 1-D convolutions over an 8-channel signal."""
import keras

model = keras.Sequential([
    keras.Input(shape=(40, 8)),
    keras.layers.DepthwiseConv1D(5, depth_multiplier=2, dilation_rate=3, activation="tanh"),
    keras.layers.Conv1D(8, 3, padding="same", groups=2, dilation_rate=2),
])
