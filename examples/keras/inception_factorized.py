"""An Inception block with factorized convolutions (Szegedy et al., 2016,
"Rethinking the Inception Architecture for Computer Vision"): an n x n
convolution replaced by a 1 x n then an n x 1 one, four branches joined
along the channels.  Every convolution is followed by a batch norm that
learns its shift but not its scale (the ReLU after it makes a learned scale
redundant: BatchNormalization(scale=False)); one learns its scale but not its
shift (center=False)."""
import keras
from keras import layers


def conv_bn(x, filters, rows, cols, strides=1, name=None):
    """Convolution without bias, a batch norm without scale, then ReLU."""
    x = layers.Conv2D(filters, (rows, cols), strides=strides, padding="same",
                      use_bias=False, name=f"{name}_conv")(x)
    x = layers.BatchNormalization(scale=False, epsilon=1e-3, name=f"{name}_bn")(x)
    return layers.Activation("relu", name=name)(x)


inputs = keras.Input(shape=(17, 17, 8))
stem = conv_bn(inputs, 16, 3, 3, name="stem")
b1 = conv_bn(stem, 8, 1, 1, name="b1")
b7 = conv_bn(stem, 6, 1, 1, name="b7_reduce")
b7 = conv_bn(b7, 6, 1, 7, name="b7_1x7")
b7 = conv_bn(b7, 8, 7, 1, name="b7_7x1")
d7 = conv_bn(stem, 6, 1, 1, name="d7_reduce")
d7 = conv_bn(d7, 6, 7, 1, name="d7_7x1")
d7 = conv_bn(d7, 8, 1, 7, name="d7_1x7")
pool = layers.AveragePooling2D(3, strides=1, padding="same")(stem)
pool = conv_bn(pool, 8, 1, 1, name="pool_proj")
x = layers.Concatenate(name="mixed")([b1, b7, d7, pool])
x = layers.BatchNormalization(center=False, name="mixed_bn")(x)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs, name="inception_factorized")
