"""A SqueezeNet-like stem whose pooling layers count windows by ceiling
(ceil_mode=True): a 3x3 max pooling with stride 2 keeps a last partial
window, an average pooling with padding 1 divides that window by its cells
inside the padded input, and a max pooling with padding 1 pads with -inf.
The image sides (67, 33, 16, 9) make partial windows."""
import torch
import torch.nn as nn


class CeilStem(nn.Module):
    def __init__(self, num_classes=5):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, stride=2)
        self.pool1 = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)
        self.squeeze = nn.Conv2d(16, 4, 1)
        self.expand = nn.Conv2d(4, 16, 3, padding=1)
        self.pool2 = nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True)
        self.pool3 = nn.MaxPool2d(2, 2, 1, ceil_mode=True)
        self.head = nn.Linear(16, num_classes)

    def forward(self, x):
        x = self.pool1(torch.relu(self.stem(x)))
        x = torch.relu(self.expand(torch.relu(self.squeeze(x))))
        x = self.pool3(self.pool2(x))
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return self.head(x)


model = CeilStem()
