"""The DCGAN generator (Radford, Metz and Chintala, 2015), at a small width.

As the paper describes it: the noise vector is projected to a 4x4 map of
many channels, then fractionally-strided convolutions (kernel 4, stride 2)
double the size four times to a 64x64 image while halving the channels,
batch normalization and ReLU after every layer but the last, which ends
in tanh.  No pooling, no fully connected hidden layer.
"""
import torch
import torch.nn as nn

NZ = 32   # noise size
NGF = 8   # generator width
NC = 3    # image channels


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(NZ, NGF * 8, 4, 1, 0, bias=False),
            nn.BatchNorm2d(NGF * 8),
            nn.ReLU(True),
            nn.ConvTranspose2d(NGF * 8, NGF * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(NGF * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(NGF * 4, NGF * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(NGF * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(NGF * 2, NGF, 4, 2, 1, bias=False),
            nn.BatchNorm2d(NGF),
            nn.ReLU(True),
            nn.ConvTranspose2d(NGF, NC, 4, 2, 1, bias=False),
            nn.Tanh(),
        )

    def forward(self, z):
        return self.main(z)


netG = Generator()
netG(torch.randn(2, NZ, 1, 1))
