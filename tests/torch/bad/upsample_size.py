# expect: 9:31
import torch
import torch.nn as nn


class Up(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.Upsample(size=(16, 16))

    def forward(self, x):
        return self.up(x)


m = Up()
m(torch.randn(1, 3, 8, 8))
