# expect: 15:24; keep-going: exit 0
import torch
import torch.nn as nn
import torch.nn.functional as F


class Padded(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 3)

    def forward(self, x):
        # zero padding has no pivot op of its own: only a convolution or a
        # pooling can absorb it
        return self.fc(F.pad(x, (1, 1)))


Padded()(torch.randn(2, 8))
