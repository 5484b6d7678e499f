"""Transposed convolutions in 3D with PyTorch's padding arguments: padding
cut from both ends, output_padding added at the end."""
import torch
import torch.nn as nn


class Upsampler3d(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.ConvTranspose3d(2, 4, (2, 3, 3), stride=(1, 2, 2), padding=1)
        self.b = nn.ConvTranspose3d(4, 3, 3, padding=1)

    def forward(self, x):
        return torch.sigmoid(self.b(torch.relu(self.a(x))))


up3d = Upsampler3d()
up3d(torch.randn(2, 2, 3, 4, 5))
