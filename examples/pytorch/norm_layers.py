"""Normalisation layers: GroupNorm, InstanceNorm (PyTorch's defaults: no
affine parameters, no running statistics, and with affine=True), BatchNorm
without affine parameters, a LayerNorm over channels and both spatial axes,
and an RMSNorm with PyTorch's epsilon (the float32 machine epsilon)."""
import torch.nn as nn


class NormNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.gn = nn.GroupNorm(4, 8)
        self.inorm = nn.InstanceNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.inorm_affine = nn.InstanceNorm2d(8, eps=1e-3, affine=True)
        self.bn = nn.BatchNorm2d(8, affine=False)
        self.ln = nn.LayerNorm([8, 12, 12])
        self.rms = nn.RMSNorm(8)
        self.head = nn.Linear(8, 4)

    def forward(self, x):
        x = self.gn(self.conv1(x)).relu()
        x = self.inorm(x)
        x = self.inorm_affine(self.conv2(x))
        x = self.ln(self.bn(x))
        x = x.mean(dim=(2, 3))
        return self.head(self.rms(x))
