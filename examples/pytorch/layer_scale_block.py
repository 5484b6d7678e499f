"""A ConvNeXt-style block (Liu et al., 2022): a 7x7 depthwise convolution,
LayerNorm over the channels (channel-last, reached by permute), a 4x
pointwise expansion with GELU as Linear layers, and a learned per-channel
layer scale (nn.Parameter, initialised to 1e-6 times ones, shaped (dim, 1,
1) to broadcast over a channel-first map) on the residual branch."""
import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, dim, layer_scale=1e-6):
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pwconv1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.pwconv2 = nn.Linear(4 * dim, dim)
        self.gamma = nn.Parameter(torch.ones(dim, 1, 1) * layer_scale)

    def forward(self, x):
        y = self.dwconv(x)
        y = y.permute(0, 2, 3, 1)
        y = self.pwconv2(self.act(self.pwconv1(self.norm(y))))
        y = y.permute(0, 3, 1, 2)
        return x + self.gamma * y


class TinyConvNeXt(nn.Module):
    def __init__(self, num_classes=10, dim=16):
        super().__init__()
        self.stem = nn.Conv2d(3, dim, kernel_size=4, stride=4)
        self.blocks = nn.Sequential(Block(dim), Block(dim))
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.head(x.mean(dim=(2, 3)))


model = TinyConvNeXt()
model(torch.randn(1, 3, 32, 32))
