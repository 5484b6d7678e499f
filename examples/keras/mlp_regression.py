"""House-price regression MLP with a helper that builds the model."""
import tensorflow as tf

N_FEATURES = 13


def build_regressor(hidden=(64, 64), lr=0.001):
    model = tf.keras.Sequential(name="house_prices")
    model.add(tf.keras.layers.InputLayer(shape=(N_FEATURES,)))
    for units in hidden:
        model.add(tf.keras.layers.Dense(units, activation=tf.nn.relu))
    model.add(tf.keras.layers.Dense(1))
    model.compile(optimizer=tf.keras.optimizers.RMSprop(lr) if False else tf.keras.optimizers.Adam(learning_rate=lr),
                  loss="mse", metrics=["mae"])
    return model


model = build_regressor()
if __name__ == "__main__":
    model.fit(None, None, epochs=100, batch_size=16, validation_split=0.2)
