# expect: 8:5
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8, 8, 3)),
    layers.Conv2D(4, 3),
    layers.PReLU(),
    layers.Flatten(),
    layers.Dense(2),
])
