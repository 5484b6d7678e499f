"""A squeeze-and-excitation block: the channel means kept as (N, C, 1, 1),
two 1x1 convolutions, and the gate broadcast over the feature map by
`x * self.se(x)`; a second gate from Linear layers on x.mean(dim=(2, 3))
reshaped with view(b, c, 1, 1)."""
import torch
import torch.nn as nn


class SEBlock(nn.Module):
    def __init__(self, channels=16, reduction=4):
        super().__init__()
        self.conv = nn.Conv2d(3, channels, 3, padding=1)
        self.se = nn.Sequential(
            nn.AdaptiveAvgPool2d(1),
            nn.Conv2d(channels, channels // reduction, 1),
            nn.ReLU(),
            nn.Conv2d(channels // reduction, channels, 1),
            nn.Sigmoid(),
        )
        self.fc1 = nn.Linear(channels, channels // reduction)
        self.fc2 = nn.Linear(channels // reduction, channels)
        self.head = nn.Linear(channels, 5)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        x = x * self.se(x)
        b, c = x.size(0), x.size(1)
        w = x.mean(dim=(2, 3))
        w = torch.sigmoid(self.fc2(torch.relu(self.fc1(w)))).view(b, c, 1, 1)
        x = x * w
        return self.head(torch.flatten(x.mean(dim=(2, 3), keepdim=True), 1))


model = SEBlock()
model(torch.randn(1, 3, 8, 8))
