"""Tensor arithmetic in a functional model: Rescaling (a multiply and an
add), Identity, the Subtract layer, `-` and `/`
between tensors and with numbers, keras.ops exp/log/sqrt/abs/negative,
powers (`**`, ops.power, ops.square), ops.normalize, clipping (ops.clip, ops.maximum with a number),
and reductions with keepdims or over one axis (ops.mean, ops.sum, ops.max,
ops.min)."""
import keras
from keras import layers, ops

inputs = keras.Input(shape=(8, 8, 3))
x = layers.Identity()(layers.Rescaling(0.5, offset=-0.25)(inputs))
y = layers.Conv2D(6, 3, padding="same", activation="tanh")(x)
z = layers.Conv2D(6, 1, activation="sigmoid")(x)
d = layers.Subtract()([y, z])
e = ops.exp(d)
s = ops.sqrt(ops.abs(d)) / e
s = 1.0 - (s - ops.log(e)) / 2
s = ops.negative(s) ** 2
s = ops.clip(ops.power(s, 0.5), 0.1, 0.9)
s = ops.maximum(s - 0.5, -0.2)
m = ops.mean(s, axis=-1, keepdims=True)
s = ops.sum(s - m, axis=1)
s = ops.max(s, axis=1) + ops.min(s, axis=1)
outputs = layers.Dense(4)(ops.normalize(s, axis=-1) + ops.square(s))
model = keras.Model(inputs, outputs)
