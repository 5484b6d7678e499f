import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader

HIDDEN = 256


class MLP(nn.Module):
    def __init__(self, in_dim=784, hidden=HIDDEN, classes=10):
        super().__init__()
        self.fc1 = nn.Linear(in_dim, hidden)
        self.fc2 = nn.Linear(hidden, hidden // 2)
        self.out = nn.Linear(hidden // 2, classes)
        self.dropout = nn.Dropout(0.2)

    def forward(self, x):
        x = torch.flatten(x, start_dim=1)
        x = F.relu(self.fc1(x))
        x = self.dropout(x)
        x = F.relu(self.fc2(x))
        return F.log_softmax(self.out(x), dim=1)


def train(model, loader, epochs):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            loss = F.nll_loss(model(xb), yb)
            loss.backward()
            opt.step()


if __name__ == "__main__":
    model = MLP()
    loader = DataLoader([], batch_size=64, shuffle=True)
    train(model, loader, epochs=5)
    model(torch.randn(8, 1, 28, 28))
