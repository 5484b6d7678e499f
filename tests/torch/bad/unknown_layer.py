# expect: 8:21
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.Bilinear(16, 16, 4)

    def forward(self, x):
        return self.attn(x, x)
