import torch.nn as nn


class GRUNet(nn.Module):
    def __init__(self, n_tokens, d_emb, d_hidden, n_classes):
        super().__init__()
        self.embed = nn.Embedding(n_tokens, d_emb)
        self.gru = nn.GRU(d_emb, d_hidden, batch_first=True)
        self.fc = nn.Linear(d_hidden, n_classes)

    def forward(self, x):
        x = self.embed(x)
        _, h = self.gru(x)
        return self.fc(h[-1])


net = GRUNet(5000, 64, 96, 4)
