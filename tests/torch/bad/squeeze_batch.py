# expect: 12:16; keep-going: exit 0
import torch
import torch.nn as nn


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 1)

    def forward(self, x):
        return self.fc(x).squeeze(0)


Head()(torch.randn(1, 6))
