"""Cross attention: a causal self-attention over the targets, then the
targets attend over an encoded source (keys and values), as in a decoder."""
import torch
from torch import nn


class CrossAttention(nn.Module):
    def __init__(self, d_model=12, heads=3):
        super().__init__()
        self.encode = nn.Linear(d_model, d_model)
        self.self_attn = nn.MultiheadAttention(d_model, heads, batch_first=True, bias=False)
        self.cross_attn = nn.MultiheadAttention(d_model, heads, batch_first=True)
        self.out = nn.Linear(d_model, 2)

    def forward(self, x):
        memory = torch.tanh(self.encode(x))
        mask = nn.Transformer.generate_square_subsequent_mask(x.size(1))
        y = self.self_attn(x, x, x, attn_mask=mask, is_causal=True, need_weights=False)[0]
        y = self.cross_attn(y, memory, memory, need_weights=False)[0]
        return self.out(y)


model = CrossAttention()
x = torch.randn(2, 9, 12)
