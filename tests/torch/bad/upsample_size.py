# expect: 14:16
# An output size with no input shape (no sample call, no --input-shape):
# nnc cannot tell which whole scale factor it is.
import torch
import torch.nn as nn


class Up(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.Upsample(size=(16, 16))

    def forward(self, x):
        return self.up(x)


m = Up()
