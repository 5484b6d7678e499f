# expect: 14:23
# A forward of two tensors, no sample call, no --input-shape: the first
# input feeds a convolution, whose in_channels gives no length; the error is
# at that parameter (the second's shape comes from its Linear's in_features).
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 8, 3)
        self.fc = nn.Linear(3, 8)

    def forward(self, seq, y):
        return self.conv(seq).mean(dim=2) + self.fc(y)


model = Net()
