# expect: 6:31; keep-going: exit 0
import keras

model = keras.Sequential([
    keras.Input((32, 3)),
    keras.layers.Conv1D(8, 3, dilation_rate=2),
    keras.layers.GlobalMaxPooling1D(),
])
