"""The top-down pathway of a Feature Pyramid Network (Lin et al., 2017) on
a small three-stage backbone: each coarser map is upsampled to the size of
the next finer one (nearest neighbour, the size taken from that map's
shape, as detection code writes it) and added to the finer map's 1x1
lateral projection; a 3x3 convolution smooths each merged map.  The
finest output is then upsampled bilinearly by a factor of 2.0 and pooled
into a classifier so that the example has one output.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class FPNSmall(nn.Module):
    def __init__(self, width=16, num_classes=5):
        super().__init__()
        # the bottom-up pathway: three stages, each halving the map
        self.c2 = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())
        self.c3 = nn.Sequential(nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU())
        self.c4 = nn.Sequential(nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU())
        # 1x1 lateral projections to the pyramid's width
        self.lateral2 = nn.Conv2d(8, width, 1)
        self.lateral3 = nn.Conv2d(16, width, 1)
        self.lateral4 = nn.Conv2d(32, width, 1)
        self.smooth3 = nn.Conv2d(width, width, 3, padding=1)
        self.smooth2 = nn.Conv2d(width, width, 3, padding=1)
        self.up = nn.Upsample(scale_factor=2.0, mode="bilinear", align_corners=False)
        self.head = nn.Linear(width, num_classes)

    def forward(self, x):
        c2 = self.c2(x)
        c3 = self.c3(c2)
        c4 = self.c4(c3)
        p4 = self.lateral4(c4)
        p3 = self.lateral3(c3) + F.interpolate(p4, size=c3.shape[-2:], mode="nearest")
        p3 = self.smooth3(p3)
        p2 = self.lateral2(c2) + F.interpolate(p3, size=c2.shape[-2:], mode="nearest")
        p2 = self.smooth2(p2)
        y = self.up(p2)
        return self.head(y.mean(dim=(2, 3)))


model = FPNSmall()
model(torch.randn(2, 3, 16, 16))
