# expect: 9:5
# TimeDistributed around a convolution (a convolution per frame of a video):
# the pivot's convolution has no frame axis, so only TimeDistributed(Dense)
# is read.
import keras
from keras import layers

frames = keras.Input(shape=(4, 8, 8, 3))
x = layers.TimeDistributed(layers.Conv2D(4, 3))(frames)
model = keras.Model(frames, x)
