from collections import OrderedDict

import torch
import torch.nn as nn

net = nn.Sequential(OrderedDict([
    ("fc1", nn.Linear(20, 64)),
    ("act1", nn.LeakyReLU()),
    ("fc2", nn.Linear(64, 32)),
    ("act2", nn.LeakyReLU(0.2)),
    ("head", nn.Linear(32, 1)),
    ("prob", nn.Sigmoid()),
]))

criterion = nn.BCELoss()
opt = torch.optim.AdamW(net.parameters(), lr=3e-4)
loader = torch.utils.data.DataLoader([], batch_size=256, shuffle=True)
for epoch in range(20):
    for x, y in loader:
        opt.zero_grad()
        criterion(net(x), y).backward()
        opt.step()
