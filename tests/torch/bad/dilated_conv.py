# expect: 5:24; keep-going: exit 0
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(3, 8, 3, dilation=2),
    nn.ReLU(),
)
