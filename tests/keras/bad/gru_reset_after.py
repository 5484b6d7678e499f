# expect: 6:26; keep-going: exit 0
import keras

model = keras.Sequential([
    keras.Input(shape=(20, 4)),
    keras.layers.GRU(16, reset_after=False),
    keras.layers.Dense(1),
])
