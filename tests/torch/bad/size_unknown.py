# expect: 13:24; keep-going: exit 0
import torch.nn as nn


class Tokens(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 4, stride=4)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        x = self.conv(x)
        return self.fc(x.view(x.size(0), x.size(1), -1).mean(dim=2))
