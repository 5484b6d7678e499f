# expect: 10:5
# A misspelt layer in a branch of a functional model of two inputs: reported
# at its call, and no 'no Keras model found' at 1:1 besides it.
import keras
from keras import layers

a = keras.Input(shape=(5,), name="a")
b = keras.Input(shape=(3,), name="b")
x = layers.Dense(8)(a)
x = layers.Denes(8)(x)
y = layers.Dense(8)(b)
model = keras.Model([a, b], layers.Add()([x, y]))
