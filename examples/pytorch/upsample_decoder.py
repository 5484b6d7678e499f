"""A convolutional decoder that upsamples three ways: nn.Upsample (nearest),
nn.UpsamplingBilinear2d (bilinear with align_corners=True) and
F.interpolate in forward (bilinear, align_corners=False)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(8, 8, 3, padding=1)
        self.up1 = nn.Upsample(scale_factor=2, mode="nearest")
        self.conv2 = nn.Conv2d(8, 4, 3, padding=1)
        self.up2 = nn.UpsamplingBilinear2d(scale_factor=2)
        self.conv3 = nn.Conv2d(4, 3, 3, padding=1)

    def forward(self, x):
        x = self.up1(F.relu(self.conv1(x)))
        x = self.up2(F.relu(self.conv2(x)))
        x = F.interpolate(x, scale_factor=(2, 3), mode="bilinear", align_corners=False)
        return torch.sigmoid(self.conv3(x))


decoder = Decoder()
decoder(torch.randn(1, 8, 4, 4))
