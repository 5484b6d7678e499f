import torch.nn as nn

from cycle.b import Base


class Thing(nn.Module):
    pass


class Block(Base):
    def forward(self, x):
        return x
