"""Two inputs of the same kind (a pair of 10-feature records, say two
versions of a document's statistics), each read by its own branch (no weight
is shared), compared by their difference and their product, then scored.
Built with keras.applications' own Functional(...) constructor; the inputs
are named by their variables."""
import keras
from keras import layers
from keras.src.models import Functional

left = keras.Input(shape=(10,))
right = keras.Input(shape=(10,))

a = layers.Dense(12, activation="tanh")(left)
a = layers.Dense(8)(a)
b = layers.Dense(12, activation="tanh")(right)
b = layers.Dense(8)(b)

diff = layers.Subtract()([a, b])
prod = layers.Multiply()([a, b])
h = layers.Concatenate()([diff, prod])
score = layers.Dense(1, activation="sigmoid")(h)

model = Functional([left, right], score, name="pair_scorer")
