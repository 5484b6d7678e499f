"""A 1D CNN over raw feature vectors: the vector becomes a one-channel signal
(unsqueeze), and the pooled channels lose their length-1 axis (squeeze)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class SignalCNN(nn.Module):
    def __init__(self, length=64, n_classes=5):
        super().__init__()
        self.length = length
        self.conv1 = nn.Conv1d(1, 8, kernel_size=5, padding=2)
        self.conv2 = nn.Conv1d(8, 16, kernel_size=3, padding=1)
        self.pool = nn.AdaptiveMaxPool1d(1)
        self.out = nn.Linear(16, n_classes)

    def forward(self, x):
        x = x.unsqueeze(1)                      # (batch, 1, length)
        x = F.max_pool1d(F.relu(self.conv1(x)), 2)
        x = F.relu(self.conv2(x))
        x = self.pool(x).squeeze(-1)            # (batch, 16)
        return F.log_softmax(self.out(x), dim=1)


if __name__ == "__main__":
    net = SignalCNN()
    logits = net(torch.randn(4, 64))
