# expect: 14:13; keep-going: exit 0
import torch
import torch.nn as nn


class RowMeans(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.fc = nn.Linear(30, 2)

    def forward(self, x):
        # the mean over channels leaves two axes (rows and columns)
        x = self.conv(x).mean(dim=1)
        return self.fc(x)


RowMeans()(torch.randn(2, 3, 32, 32))
