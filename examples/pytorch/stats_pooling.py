"""Statistics pooling as in x-vector speaker embeddings (Snyder et al.,
2018): frame-level 1-D convolutions over a sequence of acoustic features,
then the mean and the standard deviation of every channel over time,
concatenated, feed the segment-level layers.  The standard deviation is the
unbiased one (PyTorch's default); a second head uses the population
variance (correction=0) of the same frames.
"""
import torch
import torch.nn as nn


class XVectorSmall(nn.Module):
    def __init__(self, features=20, channels=32, embedding=16, num_speakers=8):
        super().__init__()
        self.frames = nn.Sequential(
            nn.Conv1d(features, channels, 5, padding=2), nn.ReLU(), nn.BatchNorm1d(channels),
            nn.Conv1d(channels, channels, 3, dilation=2, padding=2), nn.ReLU(),
            nn.BatchNorm1d(channels),
        )
        self.segment = nn.Linear(2 * channels, embedding)
        self.spread = nn.Linear(channels, embedding)
        self.classifier = nn.Linear(embedding, num_speakers)

    def forward(self, x):
        h = self.frames(x)
        stats = torch.cat([h.mean(dim=2), h.std(dim=2)], dim=1)
        spread = h.var(dim=-1, correction=0)
        e = torch.relu(self.segment(stats)) + torch.relu(self.spread(spread))
        return self.classifier(e)


model = XVectorSmall()
model(torch.randn(2, 20, 50))
