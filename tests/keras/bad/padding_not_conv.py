# expect: 6:5; keep-going: exit 1
import keras

model = keras.Sequential([
    keras.Input((8, 8, 3)),
    keras.layers.ZeroPadding2D(((1, 0), (1, 0))),
    keras.layers.Conv2D(4, 3),
])
