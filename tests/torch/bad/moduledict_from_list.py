# expect: 10:9
import torch
import torch.nn as nn


class Heads(nn.ModuleDict):
    """A ModuleDict is built from a mapping of names to modules, not a list."""

    def __init__(self):
        super().__init__([nn.Linear(4, 2), nn.Linear(4, 3)])

    def forward(self, x):
        return self["0"](x)


model = Heads()
model(torch.randn(2, 4))
