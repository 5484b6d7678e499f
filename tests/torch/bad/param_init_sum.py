# expect: 10:35
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.shift = nn.Parameter(torch.ones(8) + 1.0)

    def forward(self, x):
        return self.fc(x) + self.shift


Net()(torch.randn(2, 8))
