# forward(self, x, y, scale=None): two inputs; x, a name generated code uses
# for its own variable, becomes the input x_in; scale has a default, so it
# is no input and forward runs with it (the branch on it is not taken).
import torch
import torch.nn as nn


class Pair(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(4, 8)
        self.b = nn.Linear(3, 8)

    def forward(self, x, y, scale=None):
        h = self.a(x)
        if scale is not None:
            h = h * scale
        return h * self.b(y)


model = Pair()
