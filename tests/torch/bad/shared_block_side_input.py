# expect: 23:16; keep-going: exit 0
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.lin = nn.Linear(width, width)

    def forward(self, x):
        return self.lin(x).relu()


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block(8)
        self.side = nn.Linear(8, 8)

    def forward(self, x):
        y = self.block(x)
        z = self.side(y)
        return self.block(y) * z
