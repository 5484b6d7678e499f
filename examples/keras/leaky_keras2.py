"""Keras 2 spellings: LeakyReLU(alpha=...), Convolution2D, MaxPool2D."""
from keras.models import Sequential
from keras.layers import Convolution2D, MaxPool2D, LeakyReLU, Flatten, Dense, ReLU, Softmax

model = Sequential()
model.add(Convolution2D(8, (3, 3), input_shape=(20, 20, 1)))
model.add(LeakyReLU(alpha=0.2))
model.add(MaxPool2D())
model.add(Convolution2D(16, (3, 3)))
model.add(LeakyReLU())
model.add(Flatten())
model.add(Dense(32))
model.add(ReLU())
model.add(Dense(5))
model.add(Softmax())
