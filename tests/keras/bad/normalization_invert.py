# expect: 7:68
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Normalization(mean=[0, 1, 2, 3], variance=[1, 1, 1, 1], invert=True),
    layers.Dense(2),
])
