import torch.nn as nn


class AutoEncoder(nn.Module):
    def __init__(self, n=784, code=32):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(n, 256), nn.ReLU(), nn.Linear(256, code), nn.Tanh())
        self.decoder = nn.Sequential(nn.Linear(code, 256), nn.ReLU(), nn.Linear(256, n), nn.Sigmoid())

    def forward(self, x):
        return self.decoder(self.encoder(x))
