"""An encoder-decoder on small images as a keras.Model subclass, with the
layers that have a direct pivot equivalent: Rescaling to [-1, 1],
Normalization with given statistics, an augmentation layer, ReLU capped at
6 (relu6), a separable convolution, cropping, a transposed convolution and
upsampling on the way back, a channel-wise Dropout (noise_shape) and global
pooling that keeps its spatial axes."""
import keras
from keras import layers


class ImageLayersNet(keras.Model):
    def __init__(self):
        super().__init__()
        self.rescale = layers.Rescaling(1.0 / 127.5, offset=-1.0)
        self.norm = layers.Normalization(mean=[0.1, 0.0, -0.1], variance=[0.3, 0.25, 0.2])
        self.flip = layers.RandomFlip("horizontal")
        self.conv = layers.Conv2D(8, 3, strides=2, padding="same")
        self.relu6 = layers.ReLU(max_value=6.0)
        self.sep = layers.SeparableConv2D(8, 3, padding="same", activation="relu")
        self.crop = layers.Cropping2D(((1, 1), (1, 1)))
        self.up_conv = layers.Conv2DTranspose(6, 2, strides=2)
        self.upsample = layers.UpSampling2D(2)
        self.drop = layers.Dropout(0.3, noise_shape=(None, 1, 1, 6))
        self.pool = layers.GlobalAveragePooling2D(keepdims=True)
        self.flat = layers.Flatten()
        self.head = layers.Dense(4)

    def call(self, x):
        x = self.flip(self.norm(self.rescale(x)))
        x = self.relu6(self.conv(x))
        x = self.crop(self.sep(x))
        x = self.upsample(self.up_conv(x))
        x = self.pool(self.drop(x))
        return self.head(self.flat(x))


model = ImageLayersNet()
model.build((None, 16, 16, 3))
