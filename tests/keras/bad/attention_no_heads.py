# expect: 9:5
import keras
from keras import layers

inputs = keras.Input(shape=(8, 12))
x = layers.Dense(12)(inputs)
# no heads: the attention's width (heads times key_dim) is 0, not the
# query's 12
y = layers.MultiHeadAttention(num_heads=0, key_dim=4)(x, x)
model = keras.Model(inputs, y)
