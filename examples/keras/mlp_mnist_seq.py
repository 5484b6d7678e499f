"""MNIST MLP, Keras 2 style: input_dim on the first Dense, Dropout between."""
from keras.models import Sequential
from keras.layers import Dense, Dropout

model = Sequential()
model.add(Dense(512, activation="relu", input_dim=784))
model.add(Dropout(0.2))
model.add(Dense(512, activation="relu"))
model.add(Dropout(0.2))
model.add(Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])

if __name__ == "__main__":
    model.fit(None, None, batch_size=128, epochs=20)
