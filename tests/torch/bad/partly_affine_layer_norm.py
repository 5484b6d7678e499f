# expect: 21:21
# nnc's own partly_affine helper, byte for byte, given a LayerNorm: only a
# BatchNorm has the center and scale flags the helper stands for.
import torch
from torch import nn


def partly_affine(norm, center=True, scale=True):
    """A batch norm that learns only some of its affine parameters (Keras's
    center and scale): the bias (beta) stays 0 unless center, the weight
    (gamma) stays 1 unless scale; neither is trained then."""
    norm.bias.requires_grad_(center)
    norm.weight.requires_grad_(scale)
    return norm


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 8)
        self.norm = partly_affine(nn.LayerNorm(8), center=False)

    def forward(self, x):
        return self.norm(self.fc(x))


model = Head()
model(torch.randn(2, 4))
