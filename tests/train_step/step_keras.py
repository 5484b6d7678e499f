# One training step's state, as Keras code (tests/train_step.sh): Keras's
# momentum is the weight of the old statistic, 1 - PyTorch's.
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.BatchNormalization(epsilon=0.001, momentum=0.7, name="bn"),
    layers.Dropout(0.25, name="drop"),
    layers.Dense(3, name="out"),
])
