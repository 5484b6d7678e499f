# expect: 8:5; keep-going: exit 0
from tensorflow import keras

inp = keras.Input(shape=(6,))
dense = keras.layers.Dense(6)
x = dense(inp)
x = keras.layers.Dense(6)(x)
y = dense(x)
model = keras.Model(inp, y)
