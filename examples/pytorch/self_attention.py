"""Self-attention over a sequence of feature vectors, then a classifier per step."""
import torch
from torch import nn


class SelfAttentionTagger(nn.Module):
    def __init__(self, d_model=16, heads=4, n_tags=5):
        super().__init__()
        self.attn = nn.MultiheadAttention(d_model, heads, dropout=0.1, batch_first=True)
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, n_tags)

    def forward(self, x):
        out, _ = self.attn(x, x, x, need_weights=False)
        x = self.norm(x + out)
        return self.head(x)


model = SelfAttentionTagger()
x = torch.randn(2, 12, 16)
