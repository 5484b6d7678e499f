"""A small image classifier as people write it: augmentation layers in the
model, L2 regularizers and initializers in every spelling, a dropout with a
noise shape and a spatial dropout.  None of these changes what the trained
model computes at inference: nnc drops the augmentation layers (one note)
and the regularizers (one warning), and keeps the dropouts (the identity at
inference)."""
import  tensorflow as tf
from tensorflow import keras
from tensorflow.keras import regularizers
from tensorflow.keras.regularizers import l2, L2
from tensorflow.keras.initializers import he_normal

weight_decay = 5e-4

model = keras.Sequential([
    keras.Input(shape=(16, 16, 3)),
    keras.layers.RandomFlip("horizontal"),
    keras.layers.RandomRotation(0.1),
    keras.layers.RandomZoom(0.1, fill_mode="nearest"),
    keras.layers.RandomTranslation(0.1, 0.1),
    keras.layers.Conv2D(8, 3, padding="same", activation="relu",
                        kernel_regularizer=keras.regularizers.l2(weight_decay),
                        kernel_initializer=he_normal()),
    keras.layers.SpatialDropout2D(0.1),
    keras.layers.Conv2D(6, 3, padding="same", kernel_regularizer=regularizers.l2(weight_decay),
                        kernel_initializer="he_normal"),
    keras.layers.BatchNormalization(gamma_regularizer=L2(weight_decay)),
    keras.layers.Activation("relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dropout(0.3, noise_shape=(None, 1)),
    keras.layers.Dense(10, kernel_regularizer=l2(weight_decay),
                       kernel_initializer=tf.keras.initializers.HeNormal(seed=1),
                       bias_regularizer=regularizers.L1L2(l1=0.0, l2=weight_decay)),
])
