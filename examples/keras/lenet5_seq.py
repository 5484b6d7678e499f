"""LeNet-5 on 28x28 digits (average pooling, tanh), Sequential list."""
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential(
    [
        layers.Conv2D(6, kernel_size=5, padding="same", activation="tanh", input_shape=(28, 28, 1)),
        layers.AveragePooling2D(pool_size=2, strides=2),
        layers.Conv2D(16, kernel_size=5, activation="tanh"),
        layers.AveragePooling2D(2),
        layers.Flatten(),
        layers.Dense(120, activation="tanh"),
        layers.Dense(84, activation="tanh"),
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x=None, y=None, epochs=12, batch_size=64) if False else None
