"""One block class built with different arguments.

Three instances of Block differ in their dropout rate and their batch
norm's momentum, which the generated code passes to one class as
constructor arguments where the target writes both values the same way
(Keras); where it leaves a default out (PyTorch's momentum 0.1), the
instance with another momentum gets a class of its own.
"""
import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, channels, rate, momentum):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.bn = nn.BatchNorm2d(channels, momentum=momentum)
        self.drop = nn.Dropout(rate)

    def forward(self, x):
        return x + self.drop(self.bn(self.conv(x)))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 4, 3, padding=1)
        self.a = Block(4, 0.1, 0.1)
        self.b = Block(4, 0.2, 0.1)
        self.c = Block(4, 0.1, 0.2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        x = self.c(self.b(self.a(self.stem(x))))
        return self.head(torch.flatten(self.pool(x), 1))


model = Net()
