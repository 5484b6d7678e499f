# expect: 7:5
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.ReLU(max_value=4.0),
    layers.Dense(2),
])
