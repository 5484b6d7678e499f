"""An encoder-decoder whose decoder blocks take the encoder's feature map
of the same scale as a second input (forward(self, x, skip)); the last one
receives it by keyword."""
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1)
        self.pool = nn.AvgPool2d(2)

    def forward(self, x):
        return self.pool(torch.relu(self.conv(x)))


class Decoder(nn.Module):
    """Upsamples x twice, concatenates the skip features, and mixes them."""

    def __init__(self, cin, cskip, cout):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.conv = nn.Conv2d(cin + cskip, cout, 3, padding=1)

    def forward(self, x, skip):
        x = self.up(x)
        x = torch.cat((x, skip), 1)
        return torch.relu(self.conv(x))


class Gate(nn.Module):
    """A residual sum weighted by a sigmoid gate computed from both inputs."""

    def __init__(self, c):
        super().__init__()
        self.gate = nn.Conv2d(2 * c, c, 1)

    def forward(self, x, skip):
        g = torch.sigmoid(self.gate(torch.cat([x, skip], dim=1)))
        return x * g + skip * (1 - g)


class SkipNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.enc1 = Encoder(8, 16)
        self.enc2 = Encoder(16, 32)
        self.dec2 = Decoder(32, 16, 16)
        self.dec1 = Decoder(16, 8, 8)
        self.gate = Gate(8)
        self.head = nn.Conv2d(8, 4, 1)

    def forward(self, x):
        s0 = torch.relu(self.stem(x))
        s1 = self.enc1(s0)
        s2 = self.enc2(s1)
        d = self.dec2(s2, s1)
        d = self.dec1(d, skip=s0)
        return self.head(self.gate(d, s0))


model = SkipNet()
y = model(torch.randn(1, 3, 16, 16))
