"""Transposed convolutions in 1D with PyTorch's padding arguments: padding
cut from both ends, output_padding added at the end, dilation."""
import torch
import torch.nn as nn


class Upsampler1d(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1)
        self.b = nn.ConvTranspose1d(6, 3, kernel_size=5, dilation=2, padding=3)
        self.c = nn.ConvTranspose1d(3, 2, 2, stride=3, bias=False)

    def forward(self, x):
        return self.c(torch.relu(self.b(self.a(x))))


up1d = Upsampler1d()
up1d(torch.randn(2, 4, 9))
