"""Two dense branches over the same input, concatenated (functional)."""
from tensorflow.keras import Input, Model
from tensorflow.keras.layers import Dense, concatenate

x_in = Input(shape=(30,))
wide = Dense(16, activation="relu")(x_in)
deep = Dense(32, activation="relu")(x_in)
deep = Dense(16, activation="relu")(deep)
both = concatenate([wide, deep])
y = Dense(1)(both)
model = Model(inputs=x_in, outputs=y)
model.compile(optimizer="adam", loss="mse")
