# expect: 9:5
# BatchNormalization over axis 1 of a channel-last image normalises its rows,
# not its channels: no pivot equivalent (axis=3, the last, is read).
import keras
from keras import layers

inp = keras.Input(shape=(8, 8, 3))
x = layers.Conv2D(4, 3)(inp)
x = layers.BatchNormalization(axis=1)(x)
model = keras.Model(inp, x)
