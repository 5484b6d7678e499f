"""VGG16 (Simonyan and Zisserman, 2014), configuration D, built as a Sequential
from a list by a builder function; the features are pooled to 7x7 whatever
the input size (adaptive average pooling, as in torchvision)."""
import torch.nn as nn

CFG_D = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


def make_vgg(cfg, num_classes=1000, in_channels=3):
    layers = []
    for v in cfg:
        if v == "M":
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        else:
            layers += [nn.Conv2d(in_channels, v, kernel_size=3, padding=1), nn.ReLU(inplace=True)]
            in_channels = v
    layers.append(nn.AdaptiveAvgPool2d((7, 7)))
    layers.append(nn.Flatten())
    layers.extend([
        nn.Linear(512 * 7 * 7, 4096), nn.ReLU(True), nn.Dropout(),
        nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(),
        nn.Linear(4096, num_classes),
    ])
    return nn.Sequential(*layers)


vgg16 = make_vgg(CFG_D, num_classes=10)
