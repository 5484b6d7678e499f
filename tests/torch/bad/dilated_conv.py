# expect: 5:24
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(3, 8, 3, dilation=2),
    nn.ReLU(),
)
