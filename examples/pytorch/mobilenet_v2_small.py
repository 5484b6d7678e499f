"""A narrow MobileNetV2 (Sandler et al., 2018) for 32x32 images.

The network is a 3x3 stem convolution followed by inverted residual blocks:
each block widens its input by an expansion factor t with a 1x1
convolution, filters every channel on its own with a 3x3 depthwise
convolution (stride s on the first block of a stage), and projects back
down with a 1x1 convolution that has no activation (the linear
bottleneck).  ReLU6 follows the first two convolutions.  A block whose
input and output have the same shape adds its input to its output.  The
stages below keep the paper's (t, c, n, s) pattern, with fewer channels and
stages so that the model stays small; a width multiplier scales every
channel count, rounded to a multiple of 8 as the paper's code does.
"""
import torch
import torch.nn as nn


def make_divisible(value, divisor=8):
    """The nearest multiple of divisor, never more than 10% below value."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


class ConvBNReLU6(nn.Sequential):
    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, groups=1):
        padding = (kernel_size - 1) // 2
        super().__init__(
            nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding,
                      groups=groups, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU6(inplace=True),
        )


class InvertedResidual(nn.Module):
    def __init__(self, in_channels, out_channels, stride, expand_ratio):
        super().__init__()
        hidden = in_channels * expand_ratio
        self.use_residual = stride == 1 and in_channels == out_channels
        layers = []
        if expand_ratio != 1:
            layers.append(ConvBNReLU6(in_channels, hidden, kernel_size=1))
        layers += [
            ConvBNReLU6(hidden, hidden, stride=stride, groups=hidden),
            nn.Conv2d(hidden, out_channels, 1, bias=False),
            nn.BatchNorm2d(out_channels),
        ]
        self.block = nn.Sequential(*layers)

    def forward(self, x):
        if self.use_residual:
            return x + self.block(x)
        return self.block(x)


class MobileNetV2Small(nn.Module):
    # expansion t, output channels c, repeats n, first stride s
    stages = [
        (1, 16, 1, 1),
        (6, 24, 2, 2),
        (6, 32, 3, 2),
        (6, 64, 2, 2),
    ]

    def __init__(self, num_classes=10, width_mult=0.5, last_channels=256):
        super().__init__()
        channels = make_divisible(32 * width_mult)
        features = [ConvBNReLU6(3, channels, stride=2)]
        for t, c, n, s in self.stages:
            out_channels = make_divisible(c * width_mult)
            for i in range(n):
                features.append(InvertedResidual(channels, out_channels, s if i == 0 else 1, t))
                channels = out_channels
        features.append(ConvBNReLU6(channels, last_channels, kernel_size=1))
        self.features = nn.Sequential(*features)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(last_channels, num_classes))

    def forward(self, x):
        x = self.pool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


model = MobileNetV2Small()
model(torch.randn(2, 3, 32, 32))
