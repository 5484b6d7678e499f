"""Renamed imports everywhere."""
import tensorflow.keras as K
from tensorflow.keras.layers import Dense as FullyConnected, Conv2D as Conv
from tensorflow.keras.layers import Flatten as Flat

net = K.Sequential([
    Conv(4, 3, activation="relu", input_shape=(12, 12, 2)),
    Flat(),
    FullyConnected(10, activation="relu"),
    FullyConnected(2, activation="softmax"),
], name="renamed")
