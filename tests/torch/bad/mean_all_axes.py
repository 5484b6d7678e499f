# expect: 14:13
import torch
import torch.nn as nn


class AllMean(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.fc = nn.Linear(30, 2)

    def forward(self, x):
        # the mean over every axis (the batch too) has no pivot equivalent
        x = self.conv(x).mean()
        return self.fc(x)


AllMean()(torch.randn(2, 3, 32, 32))
