"""VGG16 as a Module subclass: blocks built by a helper method in loops, and
adaptive average pooling to 7x7 before the classifier (as torchvision's VGG
has), so that it also takes inputs smaller than 224x224."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class VGG16(nn.Module):
    def __init__(self, num_classes=1000):
        super(VGG16, self).__init__()
        widths = [64, 128, 256, 512, 512]
        depths = [2, 2, 3, 3, 3]
        blocks = []
        in_ch = 3
        for w, d in zip(widths, depths):
            blocks.append(self._block(in_ch, w, d))
            in_ch = w
        self.blocks = nn.ModuleList(blocks)
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.fc1 = nn.Linear(512 * 7 * 7, 4096)
        self.fc2 = nn.Linear(4096, 4096)
        self.fc3 = nn.Linear(4096, num_classes)
        self.drop = nn.Dropout(0.5)

    def _block(self, in_ch, out_ch, n):
        layers = []
        for i in range(n):
            layers.append(nn.Conv2d(in_ch if i == 0 else out_ch, out_ch, 3, padding=1))
            layers.append(nn.ReLU(inplace=True))
        layers.append(nn.MaxPool2d(2, 2))
        return nn.Sequential(*layers)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        x = self.avgpool(x)
        x = x.view(x.size(0), -1)
        x = self.drop(F.relu(self.fc1(x)))
        x = self.drop(F.relu(self.fc2(x)))
        return self.fc3(x)


if __name__ == "__main__":
    net = VGG16(num_classes=10)
    y = net(torch.randn(1, 3, 224, 224))
