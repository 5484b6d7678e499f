"""DenseNet-style blocks (Huang et al., densely connected convolutional
networks): each layer of a block sees the concatenation of the block's input
and of every earlier layer's output.  The block subclasses nn.ModuleDict,
fills itself with add_module and iterates self.items() in forward; each
layer takes the list of tensors so far.  A transition (an nn.Sequential
subclass whose modules are attributes) halves the channels and the image
between the blocks, and a ModuleList subclass holds the classifier."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class DenseLayer(nn.Module):
    def __init__(self, in_channels, growth):
        super().__init__()
        self.norm = nn.BatchNorm2d(in_channels)
        self.conv = nn.Conv2d(in_channels, growth, 3, padding=1, bias=False)

    def forward(self, inputs):
        x = torch.cat(inputs, 1)
        return self.conv(F.relu(self.norm(x)))


class DenseBlock(nn.ModuleDict):
    def __init__(self, num_layers, in_channels, growth):
        super().__init__()
        for i in range(num_layers):
            layer = DenseLayer(in_channels + i * growth, growth)
            self.add_module("layer%d" % (i + 1), layer)

    def forward(self, x):
        features = [x]
        for name, layer in self.items():
            features.append(layer(features))
        return torch.cat(features, 1)


class Transition(nn.Sequential):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.norm = nn.BatchNorm2d(in_channels)
        self.relu = nn.ReLU()
        self.conv = nn.Conv2d(in_channels, out_channels, 1, bias=False)
        self.pool = nn.AvgPool2d(2, 2)


class Head(nn.ModuleList):
    def __init__(self, channels, num_classes):
        super().__init__([nn.Linear(channels, 32)])
        self.append(nn.ReLU())
        self.extend([nn.Linear(32, num_classes)])

    def forward(self, x):
        for i in range(len(self)):
            x = self[i](x)
        return x


class SmallDenseNet(nn.Module):
    def __init__(self, growth=4, num_classes=6):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.block1 = DenseBlock(3, 8, growth)
        self.trans = Transition(8 + 3 * growth, 10)
        self.block2 = DenseBlock(2, 10, growth)
        self.blocks = DenseBlock(0, 0, growth)
        self.norm = nn.BatchNorm2d(10 + 2 * growth)
        self.head = Head(10 + 2 * growth, num_classes)

    def forward(self, x):
        x = self.block2(self.trans(self.block1(self.stem(x))))
        x = F.relu(self.norm(x))
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        return self.head(x)


model = SmallDenseNet()
