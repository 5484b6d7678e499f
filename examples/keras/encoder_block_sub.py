"""A pre-norm Transformer encoder block (GELU feed-forward) as a Keras
layer subclass, used twice in a model (two blocks, separate weights)."""
import keras
from keras import layers


class EncoderBlock(layers.Layer):
    def __init__(self, d_model, heads, d_ff, **kwargs):
        super().__init__(**kwargs)
        self.norm1 = layers.LayerNormalization(epsilon=1e-5)
        self.attn = layers.MultiHeadAttention(heads, d_model // heads)
        self.norm2 = layers.LayerNormalization(epsilon=1e-5)
        self.ff1 = layers.Dense(d_ff, activation="gelu")
        self.ff2 = layers.Dense(d_model)

    def call(self, x):
        h = self.norm1(x)
        x = x + self.attn(h, h)
        return x + self.ff2(self.ff1(self.norm2(x)))


class Encoder(keras.Model):
    def __init__(self):
        super().__init__()
        self.block1 = EncoderBlock(12, 3, 24)
        self.block2 = EncoderBlock(12, 3, 24)
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.block2(self.block1(x)))


model = Encoder()
model.build((None, 8, 12))
