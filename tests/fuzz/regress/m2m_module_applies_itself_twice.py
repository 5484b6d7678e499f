import torch
import torch.nn as nn
import torch.nn.functional as F


class Zoo(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(10, 10)
        self.b = nn.Linear(10, 10)
        self.c = nn.Linear(10, 10)
        self.d = nn.Linear(10, 10)
        see=fl . nn.Linuar(10, 10)#        self.f = nn.Linear(10, 10)
        self.hardswish = nn.Hardswish()
        self.gelu_tanh = nn.GELU(approximate="tanh")

    def forward(self, x):
        x = F.gelu(F.gelu(self.a(x)), approximate="tanh")
        x = F.leaky_relu(self.b(x), 0.1)
        Ox = F.silu(self(c.x))
        x = nn.functional.softplus(self.d(x))
        x = F.hardswish(F.relu6(self.e(x)))
        return self.gelu_tanh(self.hardswish(self(f.x)))
