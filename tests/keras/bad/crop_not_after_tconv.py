# expect: 7:5
import keras
from keras import layers

inputs = keras.Input(shape=(8, 8, 3))
x = layers.Conv2D(4, 3)(inputs)
x = layers.Cropping2D(1)(x)
model = keras.Model(inputs, x)
