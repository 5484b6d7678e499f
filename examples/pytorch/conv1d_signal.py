import torch
from torch import nn

model = nn.Sequential(
    nn.Conv1d(1, 16, kernel_size=7, padding=3),
    nn.BatchNorm1d(16),
    nn.ReLU(),
    nn.MaxPool1d(2),
    nn.Conv1d(16, 32, kernel_size=5, padding=2),
    nn.BatchNorm1d(32),
    nn.ReLU(),
    nn.AdaptiveMaxPool1d(1),
    nn.Flatten(),
    nn.Linear(32, 5),
)
model(torch.randn(4, 1, 256))
