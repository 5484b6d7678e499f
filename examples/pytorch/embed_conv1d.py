import torch
import torch.nn as nn
import torch.nn.functional as F


class TextCNN(nn.Module):
    """Embedding, then Conv1d over time (channels first), then global max pooling."""

    def __init__(self, vocab=8000, dim=64, filters=100, classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.conv = nn.Conv1d(dim, filters, kernel_size=3, padding=1)
        self.fc = nn.Linear(filters, classes)

    def forward(self, ids):
        x = self.embedding(ids)
        x = x.transpose(1, 2)
        x = F.relu(self.conv(x))
        x = F.adaptive_max_pool1d(x, 1).squeeze(-1) if False else F.adaptive_max_pool1d(x, 1)
        x = x.view(x.size(0), -1)
        return F.softmax(self.fc(x), dim=1)


model = TextCNN()
model(torch.randint(0, 8000, (2, 50)))
