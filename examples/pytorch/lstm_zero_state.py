"""An LSTM classifier that passes zeros as its initial state, as tutorials do:
h0 = torch.zeros(...).to(x.device) is the state a recurrent layer starts
from anyway."""
import torch
import torch.nn as nn


class RNNModel(nn.Module):
    def __init__(self, input_size=8, hidden_size=16, num_layers=2, num_classes=3):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size).to(x.device)
        c0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size).to(x.device)
        out, _ = self.lstm(x, (h0, c0))
        out = self.fc(out[:, -1, :])
        return out


model = RNNModel()
y = model(torch.randn(4, 10, 8))
