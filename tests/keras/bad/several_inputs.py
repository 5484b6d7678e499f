# expect: 9:9
# An image and a tabular input merged by Concatenate: the pivot network has
# one input, so this is an error at the second keras.Input.
import keras
from keras import layers

image = keras.Input(shape=(8, 8, 3))
x = layers.Flatten()(layers.Conv2D(4, 3)(image))
table = keras.Input(shape=(5,))
y = layers.Dense(4)(table)
model = keras.Model([image, table], layers.Concatenate()([x, y]))
