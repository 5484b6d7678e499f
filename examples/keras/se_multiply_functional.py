"""A squeeze-and-excitation block in the functional API (Hu et al., 2018):
the feature map is pooled to one value per channel, passed through a
bottleneck of two Dense layers ending in a sigmoid, and the resulting
per-channel gate rescales the map through a Multiply layer."""
import keras
from keras import layers

inputs = keras.Input(shape=(8, 8, 3))
x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
s = layers.GlobalAveragePooling2D(keepdims=True)(x)
s = layers.Dense(4, activation="relu")(s)
s = layers.Dense(16, activation="sigmoid")(s)
x = layers.Multiply()([x, s])
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(5, activation="softmax")(x)
model = keras.Model(inputs, outputs, name="se_net")
