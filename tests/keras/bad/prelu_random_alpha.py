# expect: 9:5
import keras
from keras import layers

inputs = keras.Input(shape=(16,))
x = layers.Dense(8)(inputs)
x = layers.PReLU(
    shared_axes=[1],
    alpha_initializer="he_normal",
)(x)
model = keras.Model(inputs, layers.Dense(2)(x))
