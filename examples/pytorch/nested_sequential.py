import torch
import torch.nn as nn

def conv_bn(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU())

model = nn.Sequential(
    nn.Sequential(conv_bn(1, 8), conv_bn(8, 8), nn.MaxPool2d(2)),
    nn.Sequential(conv_bn(8, 16), nn.MaxPool2d(2)),
    nn.Flatten(),
    nn.Linear(16 * 7 * 7, 10),
)
model(torch.randn(1, 1, 28, 28))
