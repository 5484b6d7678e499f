"""A convolutional stem whose feature map becomes a sequence of tokens, one
per position: sizes read from x.shape, view and transpose to (batch, tokens,
channels), layer norm, a token-wise projection, and the mean over tokens."""
import torch
import torch.nn as nn


class PatchTokens(nn.Module):
    def __init__(self, channels=3, width=24, n_classes=10):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(channels, width, kernel_size=4, stride=4),
            nn.GELU(),
        )
        self.norm = nn.LayerNorm(width)
        self.mix = nn.Linear(width, width)
        self.head = nn.Linear(width, n_classes)

    def forward(self, x):
        x = self.stem(x)
        b, c, h, w = x.shape
        tokens = x.view(b, c, h * w).transpose(1, 2)    # (batch, h * w, c)
        tokens = torch.relu(self.mix(self.norm(tokens)))
        return self.head(tokens.mean(dim=1))


model = PatchTokens()
model(torch.zeros(2, 3, 32, 32))
