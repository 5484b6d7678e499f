"""AlexNet (the torchvision layout, 10 classes) as a Keras Sequential; the
symmetric padding of the convolutions is written with ZeroPadding2D."""
import tensorflow as tf
from tensorflow.keras import layers

model = tf.keras.Sequential([
    layers.Input(shape=(224, 224, 3)),
    layers.ZeroPadding2D(2),
    layers.Conv2D(64, 11, strides=4, activation="relu", name="conv1"),
    layers.MaxPooling2D(3, strides=2, name="pool1"),
    layers.ZeroPadding2D(padding=(2, 2)),
    layers.Conv2D(192, 5, activation="relu", name="conv2"),
    layers.MaxPooling2D(3, strides=2, name="pool2"),
    layers.Conv2D(384, 3, padding="same", activation="relu", name="conv3"),
    layers.Conv2D(256, 3, padding="same", activation="relu", name="conv4"),
    layers.Conv2D(256, 3, padding="same", activation="relu", name="conv5"),
    layers.MaxPooling2D(3, strides=2, name="pool3"),
    layers.Flatten(name="flatten"),
    layers.Dropout(0.5, name="drop1"),
    layers.Dense(4096, activation="relu", name="fc1"),
    layers.Dropout(0.5, name="drop2"),
    layers.Dense(4096, activation="relu", name="fc2"),
    layers.Dense(10, name="fc3"),
], name="alexnet")

model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, weight_decay=5e-4),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
if __name__ == "__main__":
    model.fit(None, None, batch_size=128, epochs=90)
