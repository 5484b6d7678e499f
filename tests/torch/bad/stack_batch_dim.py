# expect: 15:16; keep-going: exit 0
import torch
import torch.nn as nn


class TwoTowers(nn.Module):
    def __init__(self):
        super().__init__()
        self.left = nn.Linear(8, 4)
        self.right = nn.Linear(8, 4)

    def forward(self, x):
        # stacking on dim 0 mixes the two towers into the batch axis, which
        # the pivot (batch-free shapes) cannot express
        return torch.stack([self.left(x), self.right(x)], dim=0)


TwoTowers()(torch.randn(2, 8))
