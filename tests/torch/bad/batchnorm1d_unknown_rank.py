# expect: 16:26
# BatchNorm1d takes (N, C) after a Linear and (N, C, L) after a Conv1d; with
# no input shape and no sample call, nnc cannot tell which, and each needs
# different code in a channels-last target.
import torch.nn as nn


class Tabular(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(12, 32)
        self.bn = nn.BatchNorm1d(32)
        self.head = nn.Linear(32, 3)

    def forward(self, x):
        return self.head(self.bn(self.fc(x)))
