"""Tensor arithmetic in forward: subtraction and division (by a tensor, by
a number, a number by a tensor), torch.exp/log/sqrt/abs/neg, powers (x ** 2,
torch.pow), clamping, F.normalize, and reductions over one or several axes with and
without keepdim."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class TensorMath(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3, padding=1)
        self.fc = nn.Linear(6, 4)

    def forward(self, x):
        y = torch.tanh(self.conv(x))
        e = torch.exp(y)
        s = torch.sqrt(y.abs()) / e
        d = s - torch.log(e)
        d = 1.0 - d / 2
        d = torch.neg(d) ** 2
        d = torch.pow(d, 0.5).clamp(min=0.1, max=0.9)
        d = torch.clamp(d - 0.5, max=0.3)
        m = d.mean(dim=1, keepdim=True)
        d = (d - m).sum(dim=2)
        d = torch.amin(d, dim=-1)
        return self.fc(F.normalize(d, dim=1) + torch.square(d))
