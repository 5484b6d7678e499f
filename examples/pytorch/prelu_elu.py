"""Parametric ReLU (He et al. 2015, "Delving Deep into Rectifiers"):
f(x) = max(0, x) + a * min(0, x) with the slope a learned, one per channel
after a convolution (a starting at 0.25, the paper's choice) or one shared by
every unit after a fully connected layer; and an ELU whose negative part is
scaled by alpha = 0.5, as a module and as a function."""
import torch.nn as nn
import torch.nn.functional as F


class PReLUNet(nn.Module):
    def __init__(self, classes=5):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 12, 3, padding=1)
        self.prelu1 = nn.PReLU(12)
        self.conv2 = nn.Conv2d(12, 16, 3, stride=2)
        self.prelu2 = nn.PReLU(num_parameters=16, init=0.1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Linear(16, 32)
        self.prelu3 = nn.PReLU()
        self.fc2 = nn.Linear(32, 24)
        self.elu = nn.ELU(alpha=0.5)
        self.head = nn.Linear(24, classes)

    def forward(self, x):
        x = self.prelu1(self.conv1(x))
        x = self.prelu2(self.conv2(x))
        x = self.pool(x).flatten(1)
        x = self.prelu3(self.fc1(x))
        x = self.elu(self.fc2(x))
        return F.elu(self.head(x), alpha=0.5)


model = PReLUNet()
