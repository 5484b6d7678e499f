"""A small residual network (He et al., "Deep Residual Learning for Image
Recognition", 2016) written the way keras.applications writes ResNet: a
generic builder, resnet_tiny(stack_fn, preact, ...), makes the stem, runs
the residual blocks stack_fn stacks and adds the head; the blocks live
beside it.  The basic block is two 3x3 convolutions with batch
normalisation; its shortcut is a 1x1 projection when the block changes
the resolution or the number of maps (read from x.shape[-1]).
resnet_tiny_v2.py imports this file and builds the pre-activation variant
from the same builder."""
import keras
from keras import layers


def basic_block(x, filters, stride=1, name="block"):
    if stride != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_0_conv")(x)
        shortcut = layers.BatchNormalization(epsilon=1e-5, name=f"{name}_0_bn")(shortcut)
    else:
        shortcut = x
    y = layers.Conv2D(filters, 3, strides=stride, padding="same", name=f"{name}_1_conv")(x)
    y = layers.BatchNormalization(epsilon=1e-5, name=f"{name}_1_bn")(y)
    y = layers.Activation("relu", name=f"{name}_1_relu")(y)
    y = layers.Conv2D(filters, 3, padding="same", name=f"{name}_2_conv")(y)
    y = layers.BatchNormalization(epsilon=1e-5, name=f"{name}_2_bn")(y)
    y = layers.Add(name=f"{name}_add")([shortcut, y])
    return layers.Activation("relu", name=f"{name}_out")(y)


def preact_block(x, filters, stride=1, name="block"):
    """He et al., "Identity Mappings in Deep Residual Networks", 2016:
    batch normalisation and ReLU before each convolution, nothing after
    the addition."""
    pre = layers.BatchNormalization(epsilon=1e-5, name=f"{name}_preact_bn")(x)
    pre = layers.Activation("relu", name=f"{name}_preact_relu")(pre)
    if stride != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_0_conv")(pre)
    else:
        shortcut = x
    y = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False,
                      name=f"{name}_1_conv")(pre)
    y = layers.BatchNormalization(epsilon=1e-5, name=f"{name}_1_bn")(y)
    y = layers.Activation("relu", name=f"{name}_1_relu")(y)
    y = layers.Conv2D(filters, 3, padding="same", name=f"{name}_2_conv")(y)
    return layers.Add(name=f"{name}_out")([shortcut, y])


def resnet_tiny(stack_fn, preact, input_shape=(16, 16, 3), classes=5, name="resnet_tiny"):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(8, 3, padding="same", use_bias=not preact, name="conv1_conv")(inputs)
    if not preact:
        x = layers.BatchNormalization(epsilon=1e-5, name="conv1_bn")(x)
        x = layers.Activation("relu", name="conv1_relu")(x)
    x = stack_fn(x)
    if preact:
        x = layers.BatchNormalization(epsilon=1e-5, name="post_bn")(x)
        x = layers.Activation("relu", name="post_relu")(x)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = layers.Dense(classes, name="predictions")(x)
    return keras.Model(inputs, outputs, name=name)


def resnet_tiny_v1():
    def stack_fn(x):
        x = basic_block(x, 8, name="conv2_block1")
        x = basic_block(x, 16, stride=2, name="conv3_block1")
        return basic_block(x, 16, name="conv3_block2")

    return resnet_tiny(stack_fn, False, name="resnet_tiny_v1")


model = resnet_tiny_v1()
