"""Normalisation layers: GroupNormalization (with its Keras epsilon, and
without center and scale: an instance norm), BatchNormalization without
center and scale, a LayerNormalization over both spatial axes and the
channels, and an RMSNormalization (Keras 3.9 and later) with its epsilon."""
import keras
from keras import layers

model = keras.Sequential([
    layers.Input((12, 12, 3)),
    layers.Conv2D(8, 3, padding="same"),
    layers.GroupNormalization(groups=4),
    layers.Activation("relu"),
    layers.Conv2D(8, 3, padding="same"),
    layers.GroupNormalization(groups=8, epsilon=1e-5, center=False, scale=False),
    layers.BatchNormalization(center=False, scale=False),
    layers.LayerNormalization(axis=[-3, -2, -1]),
    layers.GlobalAveragePooling2D(),
    layers.GroupNormalization(2, epsilon=0.01),
    layers.RMSNormalization(),
    layers.Dense(4),
])
