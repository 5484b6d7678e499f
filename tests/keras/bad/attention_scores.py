# expect: 6:8
import keras

x = keras.Input(shape=(10, 8))
mha = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)
y, _ = mha(x, x, return_attention_scores=True)
model = keras.Model(x, keras.layers.Dense(2)(y))
