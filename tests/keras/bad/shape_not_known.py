# expect: 11:12
"""A size read from x.shape when the input's height and width are not given:
nnc cannot know it (and guesses nothing)."""
import keras
from keras import layers


def build():
    inputs = keras.Input(shape=(None, None, 3))
    x = layers.Conv2D(4, 3)(inputs)
    rows = x.shape[1]
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(rows * 2)(x))


model = build()
