import torch
import torch.nn as nn


class GatedUnit(nn.Module):
    def __init__(self, d=64):
        super().__init__()
        self.value = nn.Linear(d, d)
        self.gate = nn.Linear(d, d)
        self.out = nn.Linear(d, 1)

    def forward(self, x):
        v = self.value(x)
        g = torch.sigmoid(self.gate(x))
        return self.out(v * g)
