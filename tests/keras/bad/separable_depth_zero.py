# expect: 7:34
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8, 8, 3)),
    layers.SeparableConv2D(4, 3, depth_multiplier=0),
    layers.Flatten(),
])
