"""A small Vision Transformer (Dosovitskiy et al., 2021): 4x4 patches
embedded by a strided convolution, flattened to a sequence of tokens, a
learned class token (nn.Parameter of zeros, expanded over the batch) put
first, a learned position embedding (normal, std 0.02) added, two pre-norm
Transformer encoder layers, and a linear head on the class token."""
import torch
import torch.nn as nn


class ViT(nn.Module):
    def __init__(self, image=16, patch=4, dim=32, heads=4, depth=2, num_classes=10):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, dim, kernel_size=patch, stride=patch)
        tokens = (image // patch) ** 2
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.empty(1, tokens + 1, dim).normal_(std=0.02))
        layer = nn.TransformerEncoderLayer(dim, heads, 2 * dim, dropout=0.0, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, depth)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        n = x.shape[0]
        x = self.patch_embed(x).flatten(2).transpose(1, 2)
        cls = self.cls_token.expand(n, -1, -1)
        x = torch.cat([cls, x], dim=1) + self.pos_embed
        x = self.norm(self.encoder(x))
        return self.head(x[:, 0])


model = ViT()
model(torch.randn(1, 3, 16, 16))
