import torch.nn as nn

SIZES = [30, 100, 50, 10]

model = nn.Sequential()
for i in range(len(SIZES) - 1):
    model.add_module(f"linear{i}", nn.Linear(SIZES[i], SIZES[i + 1]))
    if i < len(SIZES) - 2:
        model.add_module(f"relu{i}", nn.ReLU())
model.add_module("softmax", nn.Softmax(dim=1))
