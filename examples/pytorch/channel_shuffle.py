"""A ShuffleNet-style unit: a grouped 1x1 convolution, the channel shuffle
x.view(b, g, c // g, h, w).transpose(1, 2).reshape(b, -1, h, w) with the
batch size read from the tensor, a depthwise convolution, and a residual
sum."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def channel_shuffle(x, groups):
    b, c, h, w = x.size()
    x = x.view(b, groups, c // groups, h, w)
    x = x.transpose(1, 2).contiguous()
    return x.reshape(b, -1, h, w)


class ShuffleUnit(nn.Module):
    def __init__(self, channels=12, groups=3):
        super().__init__()
        self.groups = groups
        self.stem = nn.Conv2d(3, channels, 3, padding=1)
        self.gconv = nn.Conv2d(channels, channels, 1, groups=groups)
        self.dwconv = nn.Conv2d(channels, channels, 3, padding=1, groups=channels)
        self.head = nn.Linear(channels, 4)

    def forward(self, x):
        x = F.relu(self.stem(x))
        y = F.relu(self.gconv(x))
        y = channel_shuffle(y, self.groups)
        y = self.dwconv(y)
        x = F.relu(x + y)
        return self.head(x.mean(dim=(2, 3)))


model = ShuffleUnit()
model(torch.randn(1, 3, 8, 8))
