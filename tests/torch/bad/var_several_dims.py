# expect: 16:24
# The variance over the height and the width together is not the variance
# over the width, then over the height: the pivot has no such op.
import torch
import torch.nn as nn


class StyleStats(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        h = self.conv(x)
        return self.fc(h.var(dim=(2, 3)))


model = StyleStats()
model(torch.randn(2, 3, 16, 16))
