"""A small DenseNet (Huang et al., "Densely Connected Convolutional
Networks", 2017) in functional form.  A dense layer is BN-ReLU-Conv1x1 (a
bottleneck of 4k maps) then BN-ReLU-Conv3x3 giving k new maps (k, the
growth rate), concatenated to its input along the channel axis.  A
transition layer compresses the maps by theta with a 1x1 convolution whose
filters come from the tensor's static shape, int(x.shape[-1] * theta), and
halves the resolution with a 2x2 average pooling.  The head pools over the
whole feature map, its window read from x.shape[1:3]."""
import keras
from keras import layers

GROWTH = 4      # k
THETA = 0.5     # compression of a transition layer


def dense_layer(x, name):
    y = layers.BatchNormalization(epsilon=1e-5, name=f"{name}_bn1")(x)
    y = layers.Activation("relu", name=f"{name}_relu1")(y)
    y = layers.Conv2D(4 * GROWTH, 1, use_bias=False, name=f"{name}_conv1")(y)
    y = layers.BatchNormalization(epsilon=1e-5, name=f"{name}_bn2")(y)
    y = layers.Activation("relu", name=f"{name}_relu2")(y)
    y = layers.Conv2D(GROWTH, 3, padding="same", use_bias=False, name=f"{name}_conv2")(y)
    return layers.Concatenate(axis=len(x.shape) - 1, name=f"{name}_concat")([x, y])


def transition(x, name):
    maps = x.shape[-1]
    x = layers.BatchNormalization(epsilon=1e-5, name=f"{name}_bn")(x)
    x = layers.Activation("relu", name=f"{name}_relu")(x)
    x = layers.Conv2D(int(maps * THETA), 1, use_bias=False, name=f"{name}_conv")(x)
    return layers.AveragePooling2D(2, strides=2, name=f"{name}_pool")(x)


def densenet_tiny(blocks=(2, 3), input_shape=(16, 16, 3), classes=5):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(2 * GROWTH, 3, padding="same", use_bias=False, name="stem")(inputs)
    for b, layers_in_block in enumerate(blocks):
        for i in range(layers_in_block):
            x = dense_layer(x, f"block{b + 1}_{i + 1}")
        if b + 1 < len(blocks):
            x = transition(x, f"transition{b + 1}")
    x = layers.BatchNormalization(epsilon=1e-5, name="final_bn")(x)
    x = layers.Activation("relu", name="final_relu")(x)
    rows, cols = x.shape[1:3]
    x = layers.AveragePooling2D((rows, cols), name="head_pool")(x)
    x = layers.Flatten(name="flatten")(x)
    outputs = layers.Dense(classes, name="classes")(x)
    return keras.Model(inputs, outputs, name="densenet_tiny")


model = densenet_tiny()
