# expect: 8:5; keep-going: exit 0
import tensorflow as tf
from tensorflow.keras import layers

model = tf.keras.Sequential([
    layers.Input(shape=(10,)),
    layers.Dense(8),
    layers.Lambda(lambda t: t * t),
    layers.Dense(2),
])
