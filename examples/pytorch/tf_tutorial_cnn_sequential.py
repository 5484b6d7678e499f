"""The CNN of TensorFlow's CIFAR-10 tutorial written for PyTorch: three
3x3 convolutions without padding, two 2x2 max-poolings, then a 64-unit
hidden layer, as one nn.Sequential built from a list."""
import torch
from torch import nn

layers = [
    nn.Conv2d(3, 32, 3), nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3), nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(64, 64, 3), nn.ReLU(),
    nn.Flatten(),
    nn.Linear(64 * 4 * 4, 64), nn.ReLU(),
    nn.Linear(64, 10),
]
model = nn.Sequential(*layers)

optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
EPOCHS = 10
loader = torch.utils.data.DataLoader([], batch_size=64, shuffle=True)

for epoch in range(EPOCHS):
    for images, labels in loader:
        optimizer.zero_grad()
        criterion(model(images), labels).backward()
        optimizer.step()
