# expect: 5:24
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(4, 6, 3, groups=4),
    nn.ReLU(),
)
