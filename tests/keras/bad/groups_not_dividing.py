# expect: 6:31
import keras

model = keras.Sequential([
    keras.Input((32, 6)),
    keras.layers.Conv1D(8, 3, groups=4),
    keras.layers.GlobalMaxPooling1D(),
])
