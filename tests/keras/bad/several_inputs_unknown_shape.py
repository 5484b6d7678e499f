# expect: 9:9
# Two inputs, the second of unknown length: each pivot input needs its whole
# shape, so this is an error at that keras.Input.
import keras
from keras import layers

image = keras.Input(shape=(8, 8, 3), name="image")
x = layers.Flatten()(layers.Conv2D(4, 3)(image))
words = keras.Input(shape=(None, 5), name="words")
y = layers.GlobalAveragePooling1D()(layers.Dense(4)(words))
model = keras.Model([image, words], layers.Concatenate()([x, y]))
