import torch
from torch import nn


class BiLSTM(nn.Module):
    """Stacked bidirectional LSTM; the final states of both directions are concatenated."""

    def __init__(self, vocab=20000, emb=100, hidden=128, layers=2, classes=5):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb, padding_idx=0)
        self.rnn = nn.LSTM(emb, hidden, num_layers=layers, bidirectional=True,
                           batch_first=True, dropout=0.3)
        self.head = nn.Linear(hidden * 2, classes)

    def forward(self, x):
        e = self.emb(x)
        _, (h, c) = self.rnn(e)
        h = torch.cat((h[-2], h[-1]), dim=1)
        return self.head(h)
