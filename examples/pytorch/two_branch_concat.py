import torch
import torch.nn as nn


class TwoBranch(nn.Module):
    def __init__(self):
        super().__init__()
        self.left = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())
        self.right = nn.Sequential(nn.Conv2d(3, 8, 5, padding=2), nn.ReLU())
        self.pool = nn.MaxPool2d(2)
        self.head = nn.Linear(16 * 16 * 16, 10)

    def forward(self, x):
        a = self.left(x)
        b = self.right(x)
        y = torch.cat([a, b], dim=1)
        y = self.pool(y)
        y = y.reshape(y.shape[0], -1)
        return self.head(y)


net = TwoBranch()
net(torch.randn(1, 3, 32, 32))
