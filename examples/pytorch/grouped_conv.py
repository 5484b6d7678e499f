import torch
import torch.nn as nn


class SeparableNet(nn.Module):
    """Grouped, depthwise and dilated convolutions (a MobileNet-like block)."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1)
        self.depthwise = nn.Conv2d(16, 16, 3, padding="same", groups=16, dilation=2)
        self.pointwise = nn.Conv2d(16, 32, 1)
        self.grouped = nn.Conv2d(32, 32, 3, stride=2, groups=4)
        self.wide = nn.Conv2d(32, 16, (3, 3), dilation=(1, 2), groups=2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(16, 5)

    def forward(self, x):
        x = torch.relu(self.stem(x))
        x = torch.relu(self.pointwise(self.depthwise(x)))
        x = torch.relu(self.grouped(x))
        x = self.wide(x)
        x = torch.flatten(self.pool(x), 1)
        return self.head(x)


model = SeparableNet()
model(torch.randn(1, 3, 20, 20))
