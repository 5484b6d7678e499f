"""The DCGAN generator (Radford, Metz and Chintala, 2015), at a small width.

The noise vector, given as a 1x1 map, becomes a 4x4 map of many channels;
then transposed convolutions with kernel 4 and stride 2 ('same' padding)
double the size four times to a 64x64 image while halving the channels.
Batch normalization and ReLU follow every layer but the last (tanh); no
pooling, no hidden fully connected layer.
"""
import keras
from keras import layers

NZ, NGF, NC = 32, 8, 3

generator = keras.Sequential([
    keras.Input(shape=(1, 1, NZ)),
    layers.Conv2DTranspose(NGF * 8, 4, strides=1, padding="valid", use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.Conv2DTranspose(NGF * 4, 4, strides=2, padding="same", use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.Conv2DTranspose(NGF * 2, 4, strides=2, padding="same", use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.Conv2DTranspose(NGF, 4, strides=2, padding="same", use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.Conv2DTranspose(NC, 4, strides=2, padding="same", use_bias=False,
                           activation="tanh"),
], name="dcgan_generator")
