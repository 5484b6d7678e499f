import torch
import torch.nn as nn


class ConvBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.b1 = ConvBlock(3, 16)
        self.b2 = ConvBlock(16, 32)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(32 * 8 * 8, 10)

    def forward(self, x):
        x = self.pool(self.b1(x))
        x = self.pool(self.b2(x))
        return self.fc(torch.flatten(x, 1))


clf = Classifier()
clf(torch.randn(1, 3, 32, 32))
