"""VGG16 for 32x32 images (CIFAR-10), Sequential built from a config list."""
from tensorflow import keras
from tensorflow.keras import layers

CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]

model = keras.Sequential(name="vgg16")
model.add(keras.Input(shape=(32, 32, 3)))
conv = 0
pool = 0
for v in CFG:
    if v == "M":
        pool += 1
        model.add(layers.MaxPooling2D(2, name=f"pool{pool}"))
    else:
        conv += 1
        model.add(layers.Conv2D(v, 3, padding="same", activation="relu", name=f"conv{conv}"))
model.add(layers.Flatten(name="flatten"))
model.add(layers.Dense(4096, activation="relu", name="fc1"))
model.add(layers.Dropout(0.5, name="drop1"))
model.add(layers.Dense(4096, activation="relu", name="fc2"))
model.add(layers.Dropout(0.5, name="drop2"))
model.add(layers.Dense(10, name="fc3"))
