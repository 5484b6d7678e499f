import torch
import torch.nn as nn


class ConvBNNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=100, width=32):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(in_channels, width, 3, padding=1, bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(),
        )
        self.stage = nn.Sequential(
            nn.Conv2d(width, width * 2, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(width * 2, eps=1e-3, momentum=0.01),
            nn.ReLU(),
            nn.Conv2d(width * 2, width * 4, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(width * 4),
            nn.ReLU(),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(width * 4, num_classes)

    def forward(self, x):
        x = self.stage(self.stem(x))
        x = self.pool(x).flatten(1)
        return self.fc(x)


model = ConvBNNet()
out = model(torch.randn(2, 3, 32, 32))
