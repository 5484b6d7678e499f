"""A post-norm Transformer encoder block written with plain Keras layers
(functional): self-attention, dropout, residual sum, layer normalisation,
then a ReLU feed-forward with its own residual sum and normalisation."""
import keras
from keras import layers

inputs = keras.Input(shape=(10, 16))
attn = layers.MultiHeadAttention(num_heads=4, key_dim=4, dropout=0.1)(inputs, inputs)
attn = layers.Dropout(0.1)(attn)
x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([inputs, attn]))
ff = layers.Dense(32, activation="relu")(x)
ff = layers.Dense(16)(ff)
ff = layers.Dropout(0.1)(ff)
x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, ff]))
outputs = layers.Dense(3)(x)
model = keras.Model(inputs, outputs)
