# expect: 9:5
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(48,)),
    layers.Dense(48, activation="relu"),
    layers.Reshape((6, 8)),
    layers.Permute((3, 1)),
    layers.LSTM(10),
    layers.Dense(2),
])
