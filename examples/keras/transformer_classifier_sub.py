"""A small Transformer text classifier (subclassed) after "Attention is all
you need": token plus learned position embeddings, two post-norm encoder
blocks of plain Keras layers, mean pooling over the sequence, a softmax head."""
import keras
from keras import layers, ops


class TokenAndPosition(layers.Layer):
    def __init__(self, steps, vocab, d_model, **kwargs):
        super().__init__(**kwargs)
        self.tokens = layers.Embedding(vocab, d_model)
        self.positions = layers.Embedding(steps, d_model)

    def call(self, x):
        steps = ops.shape(x)[-1]
        positions = ops.arange(start=0, stop=steps, step=1)
        return self.tokens(x) + self.positions(positions)


class EncoderBlock(layers.Layer):
    def __init__(self, d_model, heads, d_ff, rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.attn = layers.MultiHeadAttention(num_heads=heads, key_dim=d_model // heads)
        self.ff1 = layers.Dense(d_ff, activation="relu")
        self.ff2 = layers.Dense(d_model)
        self.norm1 = layers.LayerNormalization(epsilon=1e-6)
        self.norm2 = layers.LayerNormalization(epsilon=1e-6)
        self.drop1 = layers.Dropout(rate)
        self.drop2 = layers.Dropout(rate)

    def call(self, x):
        a = self.drop1(self.attn(x, x))
        x = self.norm1(x + a)
        f = self.drop2(self.ff2(self.ff1(x)))
        return self.norm2(x + f)


class TextClassifier(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = TokenAndPosition(32, 2000, 32)
        self.block1 = EncoderBlock(32, 4, 64)
        self.block2 = EncoderBlock(32, 4, 64)
        self.pool = layers.GlobalAveragePooling1D()
        self.head = layers.Dense(3, activation="softmax")

    def call(self, x):
        x = self.block2(self.block1(self.embed(x)))
        return self.head(self.pool(x))


model = TextClassifier()
model.build((None, 32))
