# expect: 18:18
import torch
import torch.nn as nn


class Seq2Seq(nn.Module):
    """The decoder starts from the encoder's state: not the zeros the pivot's
    recurrent layers start from."""

    def __init__(self):
        super().__init__()
        self.enc = nn.LSTM(8, 16, batch_first=True)
        self.dec = nn.LSTM(16, 16, batch_first=True)
        self.fc = nn.Linear(16, 2)

    def forward(self, x):
        seq, (h, c) = self.enc(x)
        out, _ = self.dec(seq, (h, c))
        return self.fc(out[:, -1, :])


model = Seq2Seq()
y = model(torch.randn(2, 5, 8))
