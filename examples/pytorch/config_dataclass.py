"""A network described by configuration objects, as torchvision writes them.

A dataclass lists the stages; the norm layer is a functools.partial with
its own eps; keyword-only parameters and **kwargs go through two levels of
functions; widths are rounded, sorted and checked with divmod; a warning
and typing annotations have no effect on the network.
"""
import warnings
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, List, Optional

import torch
import torch.nn as nn


@dataclass
class StageConfig:
    channels: int
    stride: int
    expand: float = 1.0


class ConvNormAct(nn.Sequential):
    def __init__(
        self,
        in_ch: int,
        out_ch: int,
        stride: int = 1,
        norm_layer: Optional[Callable[..., nn.Module]] = None,
    ) -> None:
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        super().__init__(
            nn.Conv2d(in_ch, out_ch, 3, stride, 1, bias=False),
            norm_layer(out_ch),
            nn.ReLU(inplace=True),
        )


class StageNet(nn.Module):
    def __init__(self, stages: List[StageConfig], *, num_classes: int = 5,
                 norm_layer: Optional[Callable[..., nn.Module]] = None) -> None:
        super().__init__()
        if norm_layer is None:
            norm_layer = partial(nn.BatchNorm2d, eps=0.001, momentum=0.01)
        if not all(isinstance(s, StageConfig) for s in stages):
            raise TypeError("stages must be StageConfig")
        widths = sorted(round(s.channels * s.expand) for s in stages)
        blocks, rest = divmod(max(widths), 4)
        if rest != 0:
            warnings.warn("the last width is not a multiple of 4")
        layers: List[nn.Module] = []
        in_ch = 3
        for cfg, width in zip(stages, widths):
            layers.append(ConvNormAct(in_ch, width, cfg.stride, norm_layer=norm_layer))
            in_ch = width
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(in_ch, num_classes * min(blocks, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = self.pool(x)
        return self.head(torch.flatten(x, 1))


def _stagenet(stages: List[StageConfig], **kwargs: Any) -> StageNet:
    return StageNet(stages, **kwargs)


def stagenet_small(*, progress: bool = True, **kwargs: Any) -> StageNet:
    stages = [StageConfig(8, 1), StageConfig(12, 2, 1.5), StageConfig(24, 2)]
    return _stagenet(stages, **kwargs)
