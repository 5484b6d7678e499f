# expect: 7:5
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.GroupNormalization(groups=2, center=False),
    layers.Dense(2),
])
