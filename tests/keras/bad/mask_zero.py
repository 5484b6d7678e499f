# expect: 6:39; keep-going: exit 1
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.Input((20,)),
    tf.keras.layers.Embedding(100, 8, mask_zero=True),
    tf.keras.layers.LSTM(4),
])
