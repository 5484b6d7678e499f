# expect: 6:5
import keras
from keras import layers

inputs = keras.Input(shape=(8, 8, 3))
x = layers.Conv2DTranspose(4, 4, strides=2, padding="same", output_padding=1)(inputs)
model = keras.Model(inputs, x)
