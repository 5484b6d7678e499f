import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleDict({
            "fc_in": nn.Linear(16, 32),
            "act": nn.GELU(),
            "fc_out": nn.Linear(32, 8),
        })

    def forward(self, x):
        x = self.layers["fc_in"](x)
        x = self.layers["act"](x)
        return self.layers["fc_out"](x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.head = nn.Linear(8, 2)

    def forward(self, x):
        return self.head(torch.relu(self.encoder(x)))
