"""A small VGG-like block stack with batch normalisation, subclassing with a loop."""
import tensorflow as tf
from tensorflow.keras import layers


class ConvBNNet(tf.keras.Model):
    def __init__(self, widths=(32, 64), classes=10):
        super().__init__()
        self.convs = []
        self.norms = []
        for w in widths:
            self.convs.append(layers.Conv2D(w, 3, padding="same", use_bias=False))
            self.norms.append(layers.BatchNormalization(momentum=0.9, epsilon=1e-5))
        self.pool = layers.MaxPooling2D(2)
        self.gap = layers.GlobalAveragePooling2D()
        self.out = layers.Dense(classes)

    def call(self, x, training=False):
        for conv, norm in zip(self.convs, self.norms):
            x = conv(x)
            x = norm(x, training=training)
            x = tf.nn.relu(x)
            x = self.pool(x)
        return self.out(self.gap(x))


model = ConvBNNet()
model(tf.zeros((2, 32, 32, 3)))
