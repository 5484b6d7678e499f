# One training step's state, as PyTorch code (tests/train_step.sh).
import torch.nn as nn


class Step(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm1d(8, eps=0.001, momentum=0.3)
        self.drop = nn.Dropout(p=0.25)
        self.out = nn.Linear(8, 3)

    def forward(self, x):
        return self.out(self.drop(self.bn(x)))
