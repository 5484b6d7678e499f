"""A small image classifier as one keras.Sequential that uses the layers
with a direct pivot equivalent: input scaling (Rescaling), per-channel
standardisation with given statistics (Normalization), an augmentation layer
(the identity at inference), a depthwise and a separable convolution
(MobileNet and Xception style), cropping, upsampling, and global pooling
that keeps its spatial axes."""
import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(16, 16, 3)),
        layers.Rescaling(1.0 / 255),
        layers.Normalization(mean=[0.5, 0.4, 0.3], variance=[0.08, 0.07, 0.06]),
        layers.RandomFlip("horizontal"),
        layers.Conv2D(8, 3, padding="same", activation="relu"),
        layers.DepthwiseConv2D(3, padding="same", activation="relu"),
        layers.SeparableConv2D(12, 3, activation="relu"),
        layers.Cropping2D(1),
        layers.UpSampling2D(2),
        layers.GlobalAveragePooling2D(keepdims=True),
        layers.Flatten(),
        layers.Dense(5, activation="softmax"),
    ],
    name="image_layers",
)
