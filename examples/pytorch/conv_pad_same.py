import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding="same"),
    nn.ReLU(),
    nn.AvgPool2d(2),
    nn.Conv2d(16, 16, 3, padding="valid"),
    nn.Hardsigmoid(),
    nn.AdaptiveAvgPool2d((2, 2)),
    nn.Flatten(),
    nn.Linear(64, 4),
    nn.LogSoftmax(dim=1),
)
model(torch.randn(1, 3, 24, 24))
