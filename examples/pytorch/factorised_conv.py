"""Inception-v3 style factorised convolutions (Szegedy et al., rethinking
the Inception architecture): a 7x7 convolution replaced by a 1x7 and a 7x1
one, each padded only along its long axis (padding=(0, 3), padding=(3, 0))
so the image keeps its size; then a strided 3x5 convolution padded (1, 2)
and a 3x3 one whose tuple padding is the same on both axes."""
import torch
import torch.nn as nn


class FactorisedStem(nn.Module):
    def __init__(self, num_classes=4):
        super().__init__()
        self.conv1x7 = nn.Conv2d(3, 8, kernel_size=(1, 7), padding=(0, 3))
        self.conv7x1 = nn.Conv2d(8, 8, kernel_size=(7, 1), padding=(3, 0))
        self.reduce = nn.Conv2d(8, 12, kernel_size=(3, 5), stride=2, padding=(1, 2))
        self.conv3x3 = nn.Conv2d(12, 12, 3, padding=(1, 1))
        self.head = nn.Linear(12, num_classes)

    def forward(self, x):
        x = torch.relu(self.conv7x1(torch.relu(self.conv1x7(x))))
        x = torch.relu(self.conv3x3(torch.relu(self.reduce(x))))
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return self.head(x)


model = FactorisedStem()
