"""The CNN of TensorFlow's CIFAR-10 tutorial, built with model.add()."""
import tensorflow as tf
from tensorflow.keras import datasets, layers, models

model = models.Sequential()
model.add(layers.Conv2D(32, (3, 3), activation='relu', input_shape=(32, 32, 3)))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(64, (3, 3), activation='relu'))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(64, (3, 3), activation='relu'))
model.add(layers.Flatten())
model.add(layers.Dense(64, activation='relu'))
model.add(layers.Dense(10))

model.compile(optimizer='adam',
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])

if __name__ == "__main__":
    (train_images, train_labels), (test_images, test_labels) = datasets.cifar10.load_data()
    history = model.fit(train_images / 255.0, train_labels, epochs=10, batch_size=64,
                        validation_data=(test_images / 255.0, test_labels))
