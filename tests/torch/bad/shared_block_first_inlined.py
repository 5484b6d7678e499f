# expect: 25:16; keep-going: exit 0
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
        self.side = nn.Linear(8, 8)
        self.other = nn.Linear(8, 8)
        self.block = Block(8)

    def forward(self, x):
        a = self.side(x)
        b = self.other(x)
        y = self.block(a)
        return self.block(y)
