import torch
import torch.nn as nn


class Forecaster(nn.Module):
    """Time-major input (L, N, C), as nn.GRU expects by default."""

    def __init__(self, features=8, hidden=32):
        super().__init__()
        self.gru = nn.GRU(features, hidden, num_layers=2)
        self.out = nn.Linear(hidden, 1)

    def forward(self, seq):
        out, h = self.gru(seq)
        return self.out(out[-1])


model = Forecaster()
