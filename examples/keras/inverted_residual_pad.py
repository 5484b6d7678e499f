"""Inverted residual blocks with linear bottlenecks (Sandler et al.,
"MobileNetV2", 2018): a 1x1 expansion by t, a 3x3 depthwise convolution,
a 1x1 linear projection, ReLU6 after the first two, and an identity
shortcut when the block keeps the resolution and the number of maps.
Downsampling convolutions pad as TensorFlow's 'same' does, but
explicitly: same_pad reads the tensor's static height and width
(x.shape[1:3]) and gives the amounts per side, which are uneven for an
even side ((0, 1): nothing before, one after); ZeroPadding2D applies them
and the strided convolution runs 'valid'."""
import keras
from keras import layers


def same_pad(x, kernel, stride):
    """Per-side zero padding for which a 'valid' convolution computes what
    'same' does: ceil(size / stride) outputs along each spatial axis."""
    pads = []
    for size in x.shape[1:3]:
        outputs = -(-size // stride)
        total = max((outputs - 1) * stride + kernel - size, 0)
        pads.append((total // 2, total - total // 2))
    return tuple(pads)


def inverted_residual(x, filters, stride, expansion, name):
    maps = x.shape[-1]
    y = layers.Conv2D(maps * expansion, 1, use_bias=False, name=f"{name}_expand")(x)
    y = layers.BatchNormalization(epsilon=1e-3, name=f"{name}_expand_bn")(y)
    y = layers.ReLU(6.0, name=f"{name}_expand_relu")(y)
    if stride == 2:
        y = layers.ZeroPadding2D(padding=same_pad(y, 3, 2), name=f"{name}_pad")(y)
    y = layers.DepthwiseConv2D(3, strides=stride, use_bias=False,
                               padding="same" if stride == 1 else "valid",
                               name=f"{name}_depthwise")(y)
    y = layers.BatchNormalization(epsilon=1e-3, name=f"{name}_depthwise_bn")(y)
    y = layers.ReLU(6.0, name=f"{name}_depthwise_relu")(y)
    y = layers.Conv2D(filters, 1, use_bias=False, name=f"{name}_project")(y)
    y = layers.BatchNormalization(epsilon=1e-3, name=f"{name}_project_bn")(y)
    if stride == 1 and maps == filters:
        return layers.Add(name=f"{name}_add")([x, y])
    return y


def build(input_shape=(16, 16, 3), classes=4):
    inputs = keras.Input(shape=input_shape)
    x = layers.ZeroPadding2D(padding=same_pad(inputs, 3, 2), name="stem_pad")(inputs)
    x = layers.Conv2D(8, 3, strides=2, use_bias=False, name="stem_conv")(x)
    x = layers.BatchNormalization(epsilon=1e-3, name="stem_bn")(x)
    x = layers.ReLU(6.0, name="stem_relu")(x)
    x = inverted_residual(x, 8, 1, 1, "block1")
    x = inverted_residual(x, 12, 2, 4, "block2")
    x = inverted_residual(x, 12, 1, 4, "block3")
    x = layers.GlobalAveragePooling2D(name="pool")(x)
    outputs = layers.Dense(classes, name="classes")(x)
    return keras.Model(inputs, outputs, name="inverted_residual_pad")


model = build()
