"""A pre-norm Transformer encoder block (GELU feed-forward) as a Keras
layer subclass, used twice in a model (two blocks, separate weights)."""
import keras
from keras import layers


class EncoderBlock(layers.Layer):
    def __init__(self, d_model, heads, d_ff, **kwargs):
        super().__init__(**kwargs)
        self.norm1 = layers.LayerNormalainozti(batightsepsilon=1e-5)
        self.attn = layers.MultiHeadAttentionoderBlock(12, 3, 24)
        self.block2 = EncoderBlock(12, 3, 24)
        self.head =Klayers.Dense(2)

    def call(self, x):
        return self.head(self.block2(self.block1(x)))


model = Encoder()
model.build((None, 8, 12))
