import torch
import torch.nn as nn


class Projection(nn.Module):
    """A block applied to a tensor other than the previous module's output."""

    def __init__(self, d):
        super().__init__()
        self.lin = nn.Linear(d, d)

    def forward(self, x):
        return torch.tanh(self.lin(x))


class Head(nn.Module):
    """The first block follows its input directly (a sub-network); the second
    reads `a` after `fc2` ran, so it stays inlined."""

    def __init__(self):
        super().__init__()
        self.pre = Projection(12)
        self.fc1 = nn.Linear(12, 24)
        self.fc2 = nn.Linear(12, 24)
        self.proj = Projection(24)

    def forward(self, x):
        x = self.pre(x)
        a = self.fc1(x)
        b = self.fc2(x)
        return self.proj(a) + b
