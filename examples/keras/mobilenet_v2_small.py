"""A narrow MobileNetV2 (Sandler et al., 2018) for 32x32 images, written
with the functional API.

A 3x3 stem convolution, then inverted residual blocks: a 1x1 convolution
widens the input by the expansion factor t, a 3x3 depthwise convolution
filters each channel (stride s on the first block of a stage), and a 1x1
convolution without activation projects back down (the linear
bottleneck).  ReLU6 follows the first two convolutions of a block; a block
whose input and output shapes agree adds its input.  Fewer stages and
channels than the paper's network, the same (t, c, n, s) pattern, and a
width multiplier rounded to multiples of 8.
"""
import keras
from keras import layers


def make_divisible(value, divisor=8):
    """The nearest multiple of divisor, never more than 10% below value."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


def conv_bn_relu6(x, filters, kernel_size=3, strides=1):
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization(epsilon=1e-5, momentum=0.9)(x)
    return layers.ReLU(6.0)(x)


def inverted_residual(x, filters, strides, expansion):
    in_channels = x.shape[-1]
    shortcut = x
    if expansion != 1:
        x = conv_bn_relu6(x, in_channels * expansion, kernel_size=1)
    x = layers.DepthwiseConv2D(3, strides=strides, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization(epsilon=1e-5, momentum=0.9)(x)
    x = layers.ReLU(6.0)(x)
    x = layers.Conv2D(filters, 1, use_bias=False)(x)
    x = layers.BatchNormalization(epsilon=1e-5, momentum=0.9)(x)
    if strides == 1 and in_channels == filters:
        x = layers.Add()([shortcut, x])
    return x


# expansion t, output channels c, repeats n, first stride s
STAGES = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 2, 2)]


def mobilenet_v2_small(num_classes=10, width_mult=0.5, last_channels=256):
    inputs = keras.Input(shape=(32, 32, 3))
    x = conv_bn_relu6(inputs, make_divisible(32 * width_mult), strides=2)
    for t, c, n, s in STAGES:
        for i in range(n):
            x = inverted_residual(x, make_divisible(c * width_mult), s if i == 0 else 1, t)
    x = conv_bn_relu6(x, last_channels, kernel_size=1)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(num_classes)(x)
    return keras.Model(inputs, outputs, name="mobilenet_v2_small")


model = mobilenet_v2_small()
