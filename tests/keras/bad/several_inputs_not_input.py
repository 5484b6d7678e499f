# expect: 10:9
# A model whose inputs= lists a tensor computed from an input, not a
# keras.Input: the pivot's inputs are the model's own.
import keras
from keras import layers

a = keras.Input(shape=(4,), name="a")
h = layers.Dense(3)(a)
b = keras.Input(shape=(3,), name="b")
model = keras.Model([h, b], layers.Add()([h, b]))
