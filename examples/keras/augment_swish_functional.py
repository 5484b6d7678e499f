"""A functional image classifier with augmentation layers in the model
(RandomFlip and RandomRotation: the identity at inference), swish
activations given by name, and a spatial dropout written as Dropout with a
noise_shape (one mask value per channel; the identity at inference)."""
import keras
from keras import layers

inputs = keras.Input(shape=(16, 16, 3))
x = layers.RandomFlip("horizontal")(inputs)
x = layers.RandomRotation(0.1)(x)
x = layers.Conv2D(8, 3, padding="same")(x)
x = layers.Activation("swish")(x)
x = layers.Dropout(0.2, noise_shape=(None, 1, 1, 8))(x)
x = layers.Conv2D(16, 3, strides=2)(x)
x = layers.Activation("swish")(x)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(inputs, outputs, name="augment_swish")
