"""Cross attention, subclassed: causal self-attention over the inputs, then
they attend over an encoded memory (value and key)."""
import keras
from keras import layers


class CrossAttention(keras.Model):
    def __init__(self):
        super().__init__()
        self.encode = layers.Dense(12, activation="tanh")
        self.self_attn = layers.MultiHeadAttention(3, 4, use_bias=False)
        self.cross_attn = layers.MultiHeadAttention(num_heads=3, key_dim=4)
        self.out = layers.Dense(2)

    def call(self, x):
        memory = self.encode(x)
        y = self.self_attn(x, x, use_causal_mask=True)
        y = self.cross_attn(y, memory, memory)
        return self.out(y)


model = CrossAttention()
model.build((None, 9, 12))
