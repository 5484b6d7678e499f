"""Indexing, slicing and splitting tensors in forward: a GLU-style gate
from x.chunk(2, dim=1) (a * torch.sigmoid(b)), torch.split with a list of
sizes, the last step of a sequence out[:, -1, :], a channel slice
x[..., :k] and a strided slice x[:, :, ::2]."""
import torch
import torch.nn as nn


class SliceChunk(nn.Module):
    def __init__(self, d=8):
        super().__init__()
        self.conv = nn.Conv1d(4, 2 * d, 3, padding=1)
        self.proj = nn.Linear(d, 6)
        self.head = nn.Linear(15, 3)

    def forward(self, x):
        a, b = self.conv(x).chunk(2, dim=1)
        h = a * torch.sigmoid(b)
        first, rest = torch.split(h, [3, 5], dim=1)
        h = torch.cat([rest, first], dim=1)[:, :, ::2]
        h = self.proj(h.transpose(1, 2))
        last = h[:, -1, :]
        first_step = h[:, 0]
        k = last[..., :3] + first_step[:, 3:]
        return self.head(torch.cat([k, h[:, 1:3, :].flatten(1)], dim=1))


model = SliceChunk()
model(torch.randn(2, 4, 12))
