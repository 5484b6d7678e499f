"""A small ensemble regressor: one shared trunk, several linear heads whose
votes are stacked on a new axis and averaged (torch.stack, mean over a dim,
squeeze of the last axis)."""
import torch
from torch import nn


class EnsembleRegressor(nn.Module):
    def __init__(self, in_features=16, hidden=32, n_heads=4):
        super().__init__()
        self.trunk = nn.Sequential(
            nn.Linear(in_features, hidden),
            nn.ReLU(),
            nn.Linear(hidden, hidden),
            nn.Tanh(),
        )
        self.heads = nn.ModuleList([nn.Linear(hidden, 1) for _ in range(n_heads)])

    def forward(self, x):
        h = self.trunk(x)
        votes = torch.stack([head(h) for head in self.heads], dim=1)  # (batch, heads, 1)
        return votes.mean(dim=1).squeeze(-1)                          # (batch,)


if __name__ == "__main__":
    model = EnsembleRegressor()
    prediction = model(torch.randn(8, 16))
    print(prediction.shape)
