# expect: 13:16
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.scale = nn.Parameter(torch.ones(2, 8, 1, 1))

    def forward(self, x):
        return self.conv(x) * self.scale


Net()(torch.randn(2, 3, 8, 8))
