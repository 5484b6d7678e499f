import torch
import torch.nn as nn


class Sentiment(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(5000, 32)
        self.rnn = nn.GRU(32, 48, batch_first=True)
        self.fc = nn.Linear(48, 2)

    def forward(self, text):
        embedded = self.embedding(text)
        output, hidden = self.rnn(embedded)
        return self.fc(hidden.squeeze(0))


model = Sentiment()
