# expect: 8:5
import keras
from keras import layers

inputs = keras.Input(shape=(8, 3))
y = layers.Conv1DTranspose(4, 3, strides=2)(inputs)
x = layers.Cropping1D(1)(y)
z = layers.Concatenate()([x, y])
model = keras.Model(inputs, z)
