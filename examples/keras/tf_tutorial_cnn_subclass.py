"""The TensorFlow tutorial CNN as a Model subclass."""
import tensorflow as tf


class TutorialCNN(tf.keras.Model):
    def __init__(self, num_classes=10):
        super(TutorialCNN, self).__init__()
        self.conv1 = tf.keras.layers.Conv2D(32, 3, activation="relu")
        self.pool1 = tf.keras.layers.MaxPooling2D()
        self.conv2 = tf.keras.layers.Conv2D(64, 3, activation="relu")
        self.pool2 = tf.keras.layers.MaxPooling2D()
        self.conv3 = tf.keras.layers.Conv2D(64, 3, activation="relu")
        self.flatten = tf.keras.layers.Flatten()
        self.dense = tf.keras.layers.Dense(64, activation="relu")
        self.logits = tf.keras.layers.Dense(num_classes)

    def call(self, x, training=False):
        x = self.pool1(self.conv1(x))
        x = self.pool2(self.conv2(x))
        x = self.conv3(x)
        x = self.flatten(x)
        x = self.dense(x)
        return self.logits(x)


model = TutorialCNN()
model.build(input_shape=(None, 32, 32, 3))
model.compile(optimizer=tf.keras.optimizers.Adam(),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
if __name__ == "__main__":
    model.fit(None, None, epochs=10, batch_size=64)
