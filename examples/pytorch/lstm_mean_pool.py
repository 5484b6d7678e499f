import torch
from torch import nn


class MeanPoolLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(3000, 50)
        self.lstm = nn.LSTM(input_size=50, hidden_size=60, batch_first=True, bidirectional=True)
        self.norm = nn.LayerNorm(120)
        self.classifier = nn.Linear(120, 3)

    def forward(self, x):
        h, _ = self.lstm(self.embedding(x))
        pooled = h.mean(dim=1)
        return self.classifier(self.norm(pooled))
