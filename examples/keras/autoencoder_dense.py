"""A dense autoencoder built from encoder and decoder Sequentials."""
from tensorflow import keras

LATENT = 8

encoder = keras.Sequential([
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(LATENT, activation="relu"),
], name="encoder")
decoder = keras.Sequential([
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(100, activation="sigmoid"),
], name="decoder")
autoencoder = keras.Sequential([keras.Input(shape=(100,)), encoder, decoder], name="autoencoder")
autoencoder.compile(optimizer="adam", loss="mse")
