# expect: 7:26
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8, 8, 3)),
    layers.Normalization(mean=[0.5, 0.5], variance=[0.25, 0.25]),
    layers.Flatten(),
])
