"""LayerScale (Touvron et al., "Going deeper with Image Transformers", 2021;
also ConvNeXt, Liu et al., 2022): a custom layer that owns one learned
per-channel vector, made in build() from the channels of its input and
initialised to a small constant, and multiplies the residual branch by it
before the skip connection is added."""
import keras
from keras import layers


class LayerScale(layers.Layer):
    def __init__(self, init_value=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.init_value = init_value

    def build(self, input_shape):
        self.gamma = self.add_weight(shape=(input_shape[-1],),
                                     initializer=keras.initializers.Constant(self.init_value),
                                     trainable=True, name="gamma")

    def call(self, x):
        return x * self.gamma


class ScaledBlock(layers.Layer):
    def __init__(self, channels, **kwargs):
        super().__init__(**kwargs)
        self.dw = layers.DepthwiseConv2D(3, padding="same")
        self.norm = layers.LayerNormalization(epsilon=1e-6)
        self.up = layers.Dense(2 * channels, activation="gelu")
        self.down = layers.Dense(channels)
        self.scale = LayerScale(1e-2)

    def call(self, x):
        y = self.down(self.up(self.norm(self.dw(x))))
        return x + self.scale(y)


class LayerScaleNet(keras.Model):
    def __init__(self, num_classes=5):
        super().__init__()
        self.stem = layers.Conv2D(16, 2, strides=2)
        self.block1 = ScaledBlock(16)
        self.block2 = ScaledBlock(16)
        self.pool = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(num_classes)

    def call(self, x):
        x = self.block2(self.block1(self.stem(x)))
        return self.head(self.pool(x))


model = LayerScaleNet()
model.build((None, 16, 16, 3))
