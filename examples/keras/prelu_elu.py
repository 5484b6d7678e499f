"""Parametric ReLU (He et al. 2015): f(x) = max(0, x) + a * min(0, x), the
slope a learned.  After a convolution one a per channel (shared over both
spatial axes, starting at 0.25); after a dense layer one a for every unit
(shared over the feature axis), or one per unit (Keras's default, starting
at zero).  Then ELUs whose negative part is scaled by alpha = 0.5, as a
layer and as a function, in a functional model."""
import keras
from keras import layers

inputs = keras.Input(shape=(16, 16, 3))
x = layers.Conv2D(12, 3, padding="same")(inputs)
x = layers.PReLU(alpha_initializer=keras.initializers.Constant(0.25), shared_axes=[1, 2])(x)
x = layers.Conv2D(16, 3, strides=2)(x)
x = layers.PReLU(alpha_initializer="zeros", shared_axes=(1, 2))(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(32)(x)
x = layers.PReLU(shared_axes=[1])(x)
x = layers.Dense(24)(x)
x = layers.PReLU()(x)
x = layers.Dense(20)(x)
x = layers.ELU(alpha=0.5)(x)
x = layers.Dense(5)(x)
outputs = keras.activations.elu(x, alpha=0.5)
model = keras.Model(inputs, outputs)
