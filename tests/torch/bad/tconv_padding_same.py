# expect: 9:56
import torch
import torch.nn as nn


class Up(nn.Module):
    def __init__(self):
        super().__init__()
        self.t = nn.ConvTranspose2d(3, 4, 3, stride=1, padding="same")

    def forward(self, x):
        return self.t(x)


m = Up()
m(torch.randn(1, 3, 8, 8))
