"""An image and a row of tabular features in one classifier.

A small convolutional branch reads a 3x32x32 picture (channels first, as
PyTorch holds it) and averages it over the picture to a vector; a Linear layer embeds five
tabular measurements; the two vectors are concatenated with torch.cat and
a last Linear layer scores three classes.  This is the usual "image plus
metadata" fusion (late fusion by concatenation) described for medical
images with patient data or product photos with their attributes.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ImageTabular(nn.Module):
    def __init__(self, tabular=5, classes=3):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, kernel_size=3, padding=1)
        self.meta = nn.Linear(tabular, 16)
        self.head = nn.Linear(32, classes)

    def forward(self, image, features):
        x = self.pool(F.relu(self.conv1(image)))
        x = F.relu(self.conv2(x))
        x = x.mean(dim=(2, 3))  # global average pooling
        t = F.relu(self.meta(features))
        return self.head(torch.cat([x, t], dim=1))


model = ImageTabular()
scores = model(torch.randn(2, 3, 32, 32), torch.randn(2, 5))
