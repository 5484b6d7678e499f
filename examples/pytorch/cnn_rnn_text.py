import torch
import torch.nn as nn


class CNNRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10000, 128)
        self.conv = nn.Conv1d(128, 64, 5)
        self.pool = nn.MaxPool1d(4)
        self.lstm = nn.LSTM(64, 70, batch_first=True)
        self.fc = nn.Linear(70, 1)

    def forward(self, x):
        x = self.emb(x).permute(0, 2, 1)
        x = self.pool(torch.relu(self.conv(x)))
        x = x.permute(0, 2, 1)
        out, (h, c) = self.lstm(x)
        return torch.sigmoid(self.fc(h[-1]))


model = CNNRNN()
