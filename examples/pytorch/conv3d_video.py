import torch
import torch.nn as nn


class C3DSmall(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv3d(3, 16, kernel_size=(3, 3, 3), padding=1)
        self.bn1 = nn.BatchNorm3d(16)
        self.pool1 = nn.MaxPool3d((1, 2, 2))
        self.conv2 = nn.Conv3d(16, 32, kernel_size=3, padding=1)
        self.bn2 = nn.BatchNorm3d(32)
        self.pool2 = nn.AdaptiveAvgPool3d((1, 1, 1))
        self.fc = nn.Linear(32, classes)

    def forward(self, clip):
        x = self.pool1(torch.relu(self.bn1(self.conv1(clip))))
        x = torch.relu(self.bn2(self.conv2(x)))
        x = self.pool2(x)
        x = x.view(x.size(0), -1)
        return self.fc(x)


m = C3DSmall()
m(torch.randn(1, 3, 8, 32, 32))
