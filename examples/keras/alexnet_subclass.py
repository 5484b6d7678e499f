"""AlexNet as a Keras Model subclass with feature and classifier lists."""
import keras
from keras import layers


class AlexNet(keras.Model):
    def __init__(self, num_classes=10, dropout=0.5):
        super().__init__(name="alexnet")
        self.conv1 = layers.Conv2D(64, 11, strides=4, activation="relu")
        self.pool1 = layers.MaxPooling2D(pool_size=3, strides=2)
        self.conv2 = layers.Conv2D(192, 5, padding="same", activation="relu")
        self.pool2 = layers.MaxPooling2D(pool_size=3, strides=2)
        self.conv3 = layers.Conv2D(384, 3, padding="same", activation="relu")
        self.conv4 = layers.Conv2D(256, 3, padding="same", activation="relu")
        self.conv5 = layers.Conv2D(256, 3, padding="same", activation="relu")
        self.pool3 = layers.MaxPooling2D(pool_size=3, strides=2)
        self.flatten = layers.Flatten()
        self.drop1 = layers.Dropout(dropout)
        self.fc1 = layers.Dense(4096, activation="relu")
        self.drop2 = layers.Dropout(dropout)
        self.fc2 = layers.Dense(4096, activation="relu")
        self.fc3 = layers.Dense(num_classes)
        self.pad = layers.ZeroPadding2D(2)

    def call(self, x, training=False):
        x = self.pool1(self.conv1(self.pad(x)))
        x = self.pool2(self.conv2(x))
        x = self.conv5(self.conv4(self.conv3(x)))
        x = self.flatten(self.pool3(x))
        x = self.fc1(self.drop1(x, training=training))
        x = self.fc2(self.drop2(x, training=training))
        return self.fc3(x)


model = AlexNet()
model.build((None, 224, 224, 3))
