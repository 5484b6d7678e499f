# expect: 18:16; keep-going: exit 0
import torch
import torch.nn as nn


class Clamp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clamp(0, 1)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        return Clamp.apply(self.fc(x))
