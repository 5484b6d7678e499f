import torch
import torch.nn as nn


class Signal(nn.Module):
    """Grouped and dilated 1-D convolutions over a sequence of 8 channels."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(8, 16, 5, groups=8, dilation=3)
        self.c2 = nn.Conv1d(16, 8, 3, padding="same", groups=2, dilation=2)

    def forward(self, x):
        return self.c2(torch.tanh(self.c1(x)))


net = Signal()
net(torch.randn(1, 8, 40))
