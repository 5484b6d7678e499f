"""The TensorFlow tutorial CNN with the functional API (Keras 3 imports)."""
import keras
from keras.layers import Conv2D, Dense, Flatten, MaxPooling2D

inputs = keras.Input(shape=(32, 32, 3))
x = Conv2D(32, (3, 3), activation="relu", name="conv1")(inputs)
x = MaxPooling2D((2, 2), name="pool1")(x)
x = Conv2D(64, (3, 3), activation="relu", name="conv2")(x)
x = MaxPooling2D((2, 2), name="pool2")(x)
x = Conv2D(64, (3, 3), activation="relu", name="conv3")(x)
x = Flatten(name="flatten")(x)
x = Dense(64, activation="relu", name="dense")(x)
outputs = Dense(10, name="logits")(x)
model = keras.Model(inputs, outputs, name="tf_tutorial_cnn")
