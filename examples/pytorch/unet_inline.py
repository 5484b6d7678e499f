"""A small UNet: two levels down (two 3x3 convolutions, then 2x2 max
pooling), a bottleneck, and two levels up (a stride-2 transposed
convolution, concatenation with the encoder's map of the same size, two
3x3 convolutions), then a 1x1 convolution to the class scores.

The up-blocks are written inline in forward(); unet_small.py writes them as
a module called with two inputs (the upsampled map and the skip connection).
"""
import torch
import torch.nn as nn


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1),
        nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1),
        nn.ReLU(inplace=True),
    )


class UNet(nn.Module):
    def __init__(self, in_channels=3, classes=2, width=8):
        super().__init__()
        self.down1 = double_conv(in_channels, width)
        self.pool1 = nn.MaxPool2d(2)
        self.down2 = double_conv(width, 2 * width)
        self.pool2 = nn.MaxPool2d(2)
        self.bottom = double_conv(2 * width, 4 * width)
        self.up2 = nn.ConvTranspose2d(4 * width, 2 * width, 2, stride=2)
        self.dec2 = double_conv(4 * width, 2 * width)
        self.up1 = nn.ConvTranspose2d(2 * width, width, 2, stride=2)
        self.dec1 = double_conv(2 * width, width)
        self.head = nn.Conv2d(width, classes, 1)

    def forward(self, x):
        s1 = self.down1(x)
        s2 = self.down2(self.pool1(s1))
        x = self.bottom(self.pool2(s2))
        x = self.dec2(torch.cat([self.up2(x), s2], dim=1))
        x = self.dec1(torch.cat([self.up1(x), s1], dim=1))
        return self.head(x)


model = UNet()
model(torch.randn(1, 3, 32, 32))
