"""Weight sharing: one refinement block applied three times (the same
weights each time, as in weight-tied or "universal" residual stacks).
nnc makes it one sub-network that the network uses three times."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Refine(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.lin = nn.Linear(width, width)
        self.norm = nn.LayerNorm(width)

    def forward(self, x):
        return F.gelu(self.norm(self.lin(x)))


class TiedRefiner(nn.Module):
    def __init__(self, features=12, width=32, classes=3, steps=3):
        super().__init__()
        self.embed = nn.Linear(features, width)
        self.refine = Refine(width)
        self.steps = steps
        self.head = nn.Linear(width, classes)

    def forward(self, x):
        x = torch.tanh(self.embed(x))
        for _ in range(self.steps):
            x = self.refine(x)
        return self.head(x)


model = TiedRefiner()
