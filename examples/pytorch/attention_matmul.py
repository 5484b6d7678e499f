import torch
import torch.nn as nn


class DotAttention(nn.Module):
    def __init__(self, d=32):
        super().__init__()
        self.q = nn.Linear(d, d, bias=False)
        self.k = nn.Linear(d, d, bias=False)
        self.v = nn.Linear(d, d, bias=False)

    def forward(self, x):
        q = self.q(x)
        k = self.k(x)
        v = self.v(x)
        scores = torch.matmul(q, k.transpose(1, 2))
        weights = torch.softmax(scores, dim=-1)
        return weights @ v
