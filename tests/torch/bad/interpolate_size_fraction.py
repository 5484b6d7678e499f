# expect: 15:16
# 8 cells resized to 12: not a whole scale factor, which is all the pivot's
# interpolation has (PyTorch picks source cells at steps of 8/12).
import torch
import torch.nn as nn
import torch.nn.functional as F


class Resize(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, x):
        return F.interpolate(self.conv(x), size=(12, 12), mode="nearest")


model = Resize()
model(torch.randn(2, 3, 8, 8))
