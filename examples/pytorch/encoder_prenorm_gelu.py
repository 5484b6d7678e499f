"""One pre-norm Transformer encoder layer (norm_first=True) with a GELU
feed-forward and its own epsilon, then a linear read-out."""
import torch
from torch import nn


class PreNormBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = nn.TransformerEncoderLayer(d_model=12, nhead=3, dim_feedforward=24,
                                                dropout=0.0, activation="gelu",
                                                layer_norm_eps=1e-6, batch_first=True,
                                                norm_first=True)
        self.head = nn.Linear(12, 2)

    def forward(self, x):
        return self.head(self.block(x))


model = PreNormBlock()
x = torch.randn(2, 8, 12)
