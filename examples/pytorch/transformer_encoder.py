"""A stack of two post-norm Transformer encoder layers (ReLU feed-forward)
with a final LayerNorm, then a linear read-out per step."""
import torch
from torch import nn


class Encoder(nn.Module):
    def __init__(self, d_model=16, nhead=4, d_ff=32, n_out=3):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=d_ff, dropout=0.1,
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, norm=nn.LayerNorm(d_model),
                                             enable_nested_tensor=False)
        self.out = nn.Linear(d_model, n_out)

    def forward(self, x):
        return self.out(self.encoder(x))


model = Encoder()
x = torch.randn(2, 10, 16)
