"""Global pooling that keeps the spatial axes (keepdims=True), as the heads
of MobileNetV3 and squeeze-and-excitation blocks write it: a 1x1 convolution
then reads the pooled map before the classifier."""
import keras
from keras import layers

inputs = keras.Input(shape=(16, 16, 3))
x = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
x = layers.GlobalAveragePooling2D(keepdims=True)(x)
x = layers.Conv2D(16, 1, activation="relu")(x)
x = layers.GlobalMaxPooling2D(keepdims=True)(x)
x = layers.Flatten()(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(inputs, outputs)
