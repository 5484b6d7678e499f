"""A click model with its inputs given as a dict: a user vector and an item
vector, each embedded by a dense layer, then joined.  The pivot takes the
inputs in the dict's order, each named by its keras.Input's name=."""
import keras
from keras import layers

user = keras.Input(shape=(7,), name="user")
item = keras.Input(shape=(5,), name="item")
u = layers.Dense(6, activation="relu")(user)
v = layers.Dense(6, activation="relu")(item)
joined = layers.Concatenate()([u, v])
click = layers.Dense(2, activation="softmax")(joined)

model = keras.Model(inputs={"user": user, "item": item}, outputs=click)
