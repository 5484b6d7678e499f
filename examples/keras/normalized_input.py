"""Input standardisation inside the model, as ImageNet classifiers ship it:
pixels scaled to [0, 1], then each colour channel standardised with the
ImageNet training set's mean and standard deviation (0.485, 0.456, 0.406 and
0.229, 0.224, 0.225; the variance is their square), ahead of a small
convolutional classifier.  The pooled features go through a second
Normalization whose statistics are the layer's weights (what adapt() on
training features would set), here along axis 1 of the pooled (batch,
features) tensor, its last."""
import keras
from keras import layers

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]

inputs = keras.Input(shape=(24, 24, 3))
x = layers.Rescaling(1.0 / 255)(inputs)
x = layers.Normalization(mean=IMAGENET_MEAN, variance=[s**2 for s in IMAGENET_STD],
                         axis=3, name="imagenet_norm")(x)
x = layers.Conv2D(16, 3, strides=2, activation="relu")(x)
x = layers.Conv2D(32, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Normalization(axis=1, name="feature_norm")(x)
outputs = layers.Dense(5)(x)
model = keras.Model(inputs, outputs, name="normalized_input")
