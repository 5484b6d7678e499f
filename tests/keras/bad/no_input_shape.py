# expect: 5:5; keep-going: exit 1
import keras

model = keras.Sequential([
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(2),
])
