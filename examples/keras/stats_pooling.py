"""Statistics pooling as in x-vector speaker embeddings (Snyder et al.,
2018), with the functional API: frame-level 1-D convolutions, then each
channel's mean and standard deviation over time, concatenated, feed the
segment-level layers.  Keras's variance is the population variance; a
second branch scales it by n / (n - 1) into the unbiased one.
"""
import keras
from keras import layers, ops


def xvector_small(frames=50, features=20, channels=32, embedding=16, num_speakers=8):
    inputs = keras.Input(shape=(frames, features))
    # frame-level layers: a context of 5 frames, then a dilated one of 5
    h = layers.Conv1D(channels, 5, padding="same", activation="relu")(inputs)
    h = layers.BatchNormalization()(h)
    h = layers.Conv1D(channels, 3, dilation_rate=2, padding="same", activation="relu")(h)
    h = layers.BatchNormalization()(h)
    stats = ops.concatenate([ops.mean(h, axis=1), ops.sqrt(ops.var(h, axis=1))], axis=-1)
    unbiased = ops.var(h, axis=1) * frames / (frames - 1)
    e = layers.Dense(embedding, activation="relu")(stats)
    e = e + layers.Dense(embedding, activation="relu")(unbiased)
    outputs = layers.Dense(num_speakers)(e)
    return keras.Model(inputs, outputs)


model = xvector_small()
