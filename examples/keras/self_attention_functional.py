"""A small Transformer-style block, functional: self-attention with a
residual sum and layer normalisation, then a per-step classifier."""
import keras
from keras import layers

tokens = keras.Input(shape=(12, 16))
attended = layers.MultiHeadAttention(num_heads=4, key_dim=4, dropout=0.1, name="attn")(tokens, tokens)
x = layers.Add()([tokens, attended])
x = layers.LayerNormalization(epsilon=1e-5)(x)
out = layers.Dense(5)(x)
model = keras.Model(tokens, out)
