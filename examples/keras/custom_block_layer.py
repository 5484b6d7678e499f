"""A custom keras.layers.Layer block made of known layers, used twice."""
import keras
from keras import layers


class DenseBlock(layers.Layer):
    def __init__(self, units, rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)
        self.norm = layers.BatchNormalization()
        self.drop = layers.Dropout(rate)

    def call(self, x, training=None):
        x = self.dense(x)
        x = self.norm(x, training=training)
        x = keras.activations.relu(x)
        return self.drop(x, training=training)


class Tabular(keras.Model):
    def __init__(self):
        super().__init__()
        self.block1 = DenseBlock(64)
        self.block2 = DenseBlock(32, rate=0.2)
        self.out = layers.Dense(1, activation="sigmoid")

    def call(self, x):
        return self.out(self.block2(self.block1(x)))


model = Tabular()
model.build((None, 15))
model.compile(optimizer=keras.optimizers.AdamW(learning_rate=0.002), loss="binary_crossentropy",
              metrics=["accuracy", keras.metrics.Precision(), keras.metrics.Recall()])
if __name__ == "__main__":
    model.fit(None, None, epochs=30, batch_size=256)
