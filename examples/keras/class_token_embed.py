"""A small Vision Transformer front (Dosovitskiy et al., "An Image is Worth
16x16 Words", 2021): patches embedded by a strided convolution and
flattened to tokens; a custom layer that owns two learned tensors puts a
class token (zeros, repeated over the batch) before the patch tokens and
adds a position embedding (normal, std 0.02) whose length it takes from
its input in build(); one pre-norm encoder block, and a linear head on the
class token."""
import keras
from keras import layers, ops


class ClassTokenPositions(layers.Layer):
    def build(self, input_shape):
        tokens, dim = input_shape[1], input_shape[2]
        self.cls_token = self.add_weight(shape=(1, 1, dim), initializer="zeros",
                                         name="cls_token")
        self.pos_embed = self.add_weight(
            shape=(1, tokens + 1, dim),
            initializer=keras.initializers.RandomNormal(stddev=0.02), name="pos_embed")

    def call(self, x):
        cls = ops.broadcast_to(self.cls_token, (ops.shape(x)[0], 1, ops.shape(x)[2]))
        x = ops.concatenate([cls, x], axis=1)
        return x + self.pos_embed


class TinyViT(keras.Model):
    def __init__(self, dim=24, heads=3, num_classes=6):
        super().__init__()
        self.patch = layers.Conv2D(dim, 4, strides=4)
        self.flatten = layers.Reshape((-1, dim))
        self.embed = ClassTokenPositions()
        self.norm1 = layers.LayerNormalization(epsilon=1e-6)
        self.attn = layers.MultiHeadAttention(heads, dim // heads)
        self.norm2 = layers.LayerNormalization(epsilon=1e-6)
        self.mlp1 = layers.Dense(2 * dim, activation="gelu")
        self.mlp2 = layers.Dense(dim)
        self.head = layers.Dense(num_classes)

    def call(self, x):
        x = self.embed(self.flatten(self.patch(x)))
        y = self.norm1(x)
        x = x + self.attn(y, y)
        x = x + self.mlp2(self.mlp1(self.norm2(x)))
        return self.head(x[:, 0])


model = TinyViT()
model.build((None, 16, 16, 3))
