"""A product-photo and product-attributes classifier: a small convolutional
branch reads the image, a dense branch reads the tabular features, and a
dense head reads both, concatenated (the usual "wide and visual" layout).
The model takes two inputs, in the order of inputs=."""
import keras
from keras import layers

image = keras.Input(shape=(12, 12, 3), name="image")
x = layers.Conv2D(8, 3, activation="relu")(image)
x = layers.MaxPooling2D(2)(x)
x = layers.Conv2D(8, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)

features = keras.Input(shape=(6,), name="features")
y = layers.Dense(16, activation="relu")(features)
y = layers.Dense(8, activation="relu")(y)

z = layers.Concatenate()([x, y])
z = layers.Dense(16, activation="relu")(z)
outputs = layers.Dense(4, activation="softmax")(z)

model = keras.Model(inputs=[image, features], outputs=outputs, name="image_tabular")
