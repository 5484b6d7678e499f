# expect: 6:31
import keras

model = keras.Sequential([
    keras.Input((32, 32, 3)),
    keras.layers.Conv2D(8, 3, strides=0),
    keras.layers.GlobalMaxPooling2D(),
])
