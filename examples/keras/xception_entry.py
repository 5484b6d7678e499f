"""The entry flow of Xception (Chollet, 2017, "Xception: Deep Learning with
Depthwise Separable Convolutions"), narrowed: a strided stem, then modules of
two ReLU-separable convolution-batch norm pairs and a strided max pooling,
each added to a strided 1x1 convolution of its input (the residual).  A
separable convolution is a depthwise convolution per channel followed by a
pointwise 1x1 convolution; here also with a depth multiplier, a dilation and
a fused activation, and in one dimension over the pooled rows."""
import keras
from keras import layers


def entry_module(x, filters, name, relu_first=True):
    residual = layers.Conv2D(filters, 1, strides=2, padding="same", use_bias=False,
                             name=f"{name}_residual")(x)
    residual = layers.BatchNormalization(name=f"{name}_residual_bn")(residual)
    if relu_first:
        x = layers.Activation("relu", name=f"{name}_relu1")(x)
    x = layers.SeparableConv2D(filters, 3, padding="same", use_bias=False,
                               name=f"{name}_sepconv1")(x)
    x = layers.BatchNormalization(name=f"{name}_sepconv1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_relu2")(x)
    x = layers.SeparableConv2D(filters, 3, padding="same", use_bias=False,
                               name=f"{name}_sepconv2")(x)
    x = layers.BatchNormalization(name=f"{name}_sepconv2_bn")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same", name=f"{name}_pool")(x)
    return layers.add([x, residual], name=f"{name}_add")


inputs = keras.Input(shape=(61, 61, 3))
x = layers.Conv2D(8, 3, strides=2, use_bias=False, name="stem_conv1")(inputs)
x = layers.BatchNormalization(name="stem_conv1_bn")(x)
x = layers.Activation("relu")(x)
x = layers.Conv2D(16, 3, use_bias=False, name="stem_conv2")(x)
x = layers.BatchNormalization(name="stem_conv2_bn")(x)
x = layers.Activation("relu")(x)
x = entry_module(x, 24, "block2", relu_first=False)
x = entry_module(x, 32, "block3")
x = layers.SeparableConv2D(16, (3, 2), depth_multiplier=2, dilation_rate=2,
                           activation="relu")(x)
x = layers.ZeroPadding2D(1)(x)
x = layers.SeparableConv2D(16, 3, strides=2)(x)
x = layers.Reshape((-1, 16))(x)
x = layers.SeparableConv1D(12, 2, padding="same", depth_multiplier=3, activation="tanh",
                           name="rows_sepconv")(x)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs, name="xception_entry")
