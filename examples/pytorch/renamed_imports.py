import torch as T
from torch.nn import Conv2d as Conv, ReLU, MaxPool2d, Linear, Flatten, Module
from torch.nn import functional as fn


class SmallNet(Module):
    def __init__(self):
        super().__init__()
        self.c1 = Conv(3, 12, 3)
        self.c2 = Conv(12, 24, 3)
        self.pool = MaxPool2d(2)
        self.flat = Flatten()
        self.fc = Linear(24 * 6 * 6, 10)
        self.act = ReLU()

    def forward(self, x):
        x = self.pool(self.act(self.c1(x)))
        x = self.pool(self.act(self.c2(x)))
        return fn.softmax(self.fc(self.flat(x)), dim=-1)


SmallNet()(T.rand(1, 3, 30, 30))
