"""A small CIFAR-style network trained with weight decay written the Keras
way: the same L2 factor on the kernel of every convolution and Dense layer
(the separable convolution's depthwise and pointwise kernels included)."""
import keras
from keras import layers, regularizers
from keras.regularizers import l2

WEIGHT_DECAY = 5e-4


def conv_bn(filters):
    return [
        layers.Conv2D(filters, 3, padding="same", use_bias=False,
                      kernel_regularizer=l2(WEIGHT_DECAY), kernel_initializer="he_normal"),
        layers.BatchNormalization(),
        layers.ReLU(),
    ]


def build():
    model = keras.Sequential(
        [keras.Input(shape=(16, 16, 3))]
        + conv_bn(8)
        + [
            layers.SeparableConv2D(
                16, 3, padding="same",
                depthwise_regularizer=regularizers.L2(WEIGHT_DECAY),
                pointwise_regularizer=regularizers.l2(l2=WEIGHT_DECAY)),
            layers.MaxPooling2D(),
            layers.DepthwiseConv2D(3, padding="same", depthwise_regularizer=l2(WEIGHT_DECAY)),
            layers.GlobalAveragePooling2D(),
            layers.Dense(32, activation="relu", kernel_regularizer=l2(WEIGHT_DECAY),
                         kernel_initializer=keras.initializers.HeNormal(seed=1)),
            layers.Dense(10, kernel_regularizer=keras.regularizers.L2(WEIGHT_DECAY)),
        ]
    )
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


if __name__ == "__main__":
    (x_train, y_train), _ = keras.datasets.cifar10.load_data()
    model = build()
    model.fit(x_train[:, 8:24, 8:24] / 255.0, y_train, batch_size=64, epochs=3)
