"""A mini VGG built in a loop over a configuration list (Sequential)."""
import tensorflow as tf

CONFIG = [16, "M", 32, 32, "M"]


def make_vgg(cfg, num_classes=10, input_shape=(32, 32, 3)):
    model = tf.keras.Sequential()
    model.add(tf.keras.Input(shape=input_shape))
    for v in cfg:
        if v == "M":
            model.add(tf.keras.layers.MaxPooling2D(pool_size=(2, 2), strides=(2, 2)))
        else:
            model.add(tf.keras.layers.Conv2D(v, kernel_size=(3, 3), padding="same"))
            model.add(tf.keras.layers.Activation("relu"))
    model.add(tf.keras.layers.Flatten())
    model.add(tf.keras.layers.Dense(64, activation="relu"))
    model.add(tf.keras.layers.Dropout(0.5))
    model.add(tf.keras.layers.Dense(num_classes, activation="softmax"))
    return model


vgg = make_vgg(CONFIG)
