"""Stage widths computed while the model is built, as RegNet (Radosavovic
et al., designing network design spaces) derives them: a linear ramp
w_0 + w_a * j quantised in log space to powers of w_m and rounded to
multiples of 8, with torch.arange, torch.log, torch.round, torch.pow and
torch.divide on plain numbers, then .int().tolist(); the stages are the runs
of equal widths (torch.diff of where the width changes)."""
import math

import torch
import torch.nn as nn


def stage_widths(depth=6, w_0=8, w_a=6.0, w_m=2.0, quant=8):
    widths_cont = torch.arange(depth) * w_a + w_0
    capacity = torch.round(torch.log(widths_cont / w_0) / math.log(w_m))
    widths = (torch.round(torch.divide(w_0 * torch.pow(w_m, capacity), quant)) * quant).int().tolist()
    num_stages = len(set(widths))
    starts = [i for i, (w, prev) in enumerate(zip(widths + [0], [0] + widths)) if w != prev]
    depths = torch.diff(torch.tensor(starts)).int().tolist()
    return [w for i, w in enumerate(widths) if i in starts[:num_stages]], depths


class WidthNet(nn.Module):
    def __init__(self, num_classes=3):
        super().__init__()
        widths, depths = stage_widths()
        layers, cin = [], 3
        for width, depth in zip(widths, depths):
            for _ in range(depth):
                layers += [nn.Conv2d(cin, width, 3, padding=1), nn.ReLU()]
                cin = width
            layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(cin, num_classes)

    def forward(self, x):
        x = self.features(x)
        return self.head(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


model = WidthNet()
