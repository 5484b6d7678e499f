# expect: 14:13; keep-going: exit 0
import torch.nn as nn


class Sig(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(1, 4, 3)
        self.fc = nn.Linear(4 * 30, 2)

    def forward(self, x):
        # no sample input anywhere in the file: the size of x is not known,
        # and unsqueeze becomes a reshape that needs it
        x = x.unsqueeze(1)
        x = self.conv(x)
        return self.fc(x.flatten(1))
