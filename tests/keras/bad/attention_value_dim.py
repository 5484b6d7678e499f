# expect: 6:5
import keras

x = keras.Input(shape=(10, 8))
mha = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4, value_dim=3)
y = mha(x, x)
model = keras.Model(x, keras.layers.Dense(2)(y))
