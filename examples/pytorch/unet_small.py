"""A two-level UNet (Ronneberger et al., 2015): each level is two 3x3
convolutions with ReLU, the contracting path halves the image with 2x2 max
pooling and doubles the channels, the expanding path doubles it again with
a 2x2 up-convolution that halves the channels, and joins the feature map of
the same level by concatenation before its two convolutions.  A 1x1
convolution maps the last features to the classes.

The convolutions pad by one, so only the pooling of an odd size loses a
row: Up pads the upsampled map to its skip input's size first.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class DoubleConv(nn.Module):
    """(3x3 convolution, batch norm, ReLU) twice."""

    def __init__(self, cin, cout):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
        )

    def forward(self, x):
        return self.body(x)


class Down(nn.Module):
    """2x2 max pooling, then the double convolution."""

    def __init__(self, cin, cout):
        super().__init__()
        self.pool = nn.MaxPool2d(2)
        self.conv = DoubleConv(cin, cout)

    def forward(self, x):
        return self.conv(self.pool(x))


class Up(nn.Module):
    """Up-convolution of x1, padded to the size of the skip input x2,
    concatenated after it, then the double convolution."""

    def __init__(self, cin, cout):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cin // 2, kernel_size=2, stride=2)
        self.conv = DoubleConv(cin, cout)

    def forward(self, x1, x2):
        x1 = self.up(x1)
        dy = x2.size()[2] - x1.size()[2]
        dx = x2.size()[3] - x1.size()[3]
        x1 = F.pad(x1, [dx // 2, dx - dx // 2, dy // 2, dy - dy // 2])
        return self.conv(torch.cat([x2, x1], dim=1))


class UNet(nn.Module):
    def __init__(self, in_channels=1, classes=2, width=8):
        super().__init__()
        self.inc = DoubleConv(in_channels, width)
        self.down1 = Down(width, 2 * width)
        self.down2 = Down(2 * width, 4 * width)
        self.up1 = Up(4 * width, 2 * width)
        self.up2 = Up(2 * width, width)
        self.outc = nn.Conv2d(width, classes, kernel_size=1)

    def forward(self, x):
        x1 = self.inc(x)
        x2 = self.down1(x1)
        x3 = self.down2(x2)
        x = self.up1(x3, x2)
        x = self.up2(x, x1)
        return self.outc(x)


model = UNet()
model.eval()
# 30 -> 15 -> 7: the first up-convolution gives 14 rows, padded to 15
y = model(torch.randn(1, 1, 30, 30))
