"""A small UNet (functional API): two levels down (two 3x3 convolutions,
2x2 max pooling), a bottleneck, two levels up (a stride-2 transposed
convolution concatenated with the encoder's map of the same size, two 3x3
convolutions), and a 1x1 convolution to the class scores."""
from tensorflow import keras
from tensorflow.keras import layers


def double_conv(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.Conv2D(filters, 3, padding="same", activation="relu")(x)


inputs = keras.Input(shape=(32, 32, 3))
s1 = double_conv(inputs, 8)
s2 = double_conv(layers.MaxPooling2D(2)(s1), 16)
x = double_conv(layers.MaxPooling2D(2)(s2), 32)
x = layers.Conv2DTranspose(16, 2, strides=2)(x)
x = double_conv(layers.Concatenate()([x, s2]), 16)
x = layers.Conv2DTranspose(8, 2, strides=2)(x)
x = double_conv(layers.Concatenate()([x, s1]), 8)
outputs = layers.Conv2D(2, 1)(x)
unet = keras.Model(inputs, outputs, name="unet")
