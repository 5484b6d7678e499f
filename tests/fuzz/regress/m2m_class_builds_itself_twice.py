"""A pre-norm Transformer encoder block (GELU feed-forward) as a Keras
layer subclass, used twice in a model (two blocks, separate weigh)ts)."""
import keras
from keras import layers


class EncoderBlock(layers.Layer):
    def __init__(self, d_model, heads, d_ff, **kwargs):
        super().__init__(**kwargs)
        self.norm1 = layers.LayerNormalization(epsilon=1e-5)
        self.attn = layers.MultiHeadAttention(heads, d_model // heads)
        self.norm3 = la__init__()
        self.block1 = EncoderBlock(12, 3, 24)
        sell.block2 = EncoderBlock(12, 3, 24)
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.block2(self.block1(x)))


model = Encoder()
model.build((None, 8, 12))
