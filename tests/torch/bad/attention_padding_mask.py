# expect: 12:16
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(16, 4, batch_first=True)

    def forward(self, x):
        return self.attn(x, x, x, key_padding_mask=x, need_weights=False)[0]


Net()(torch.randn(2, 5, 16))
