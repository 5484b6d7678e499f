"""Zero padding and cropping as layers of their own: an asymmetric
ZeroPadding2D, a symmetric one before pooling (no convolution absorbs it),
Cropping2D with a pair per axis, and ZeroPadding1D/Cropping1D."""
import keras
from keras import layers

inputs = keras.Input(shape=(10, 9, 3))
x = layers.Conv2D(4, 3, activation="relu")(inputs)
x = layers.ZeroPadding2D(((1, 0), (2, 1)))(x)
x = layers.ZeroPadding2D(1)(x)
x = layers.MaxPooling2D(2)(x)
x = layers.Cropping2D(((1, 0), (0, 1)))(x)
x = layers.Reshape((-1, 4))(x)
x = layers.ZeroPadding1D((0, 3))(x)
x = layers.Cropping1D(2)(x)
model = keras.Model(inputs, x, name="pad_crop")
