"""A small Transformer text classifier after "Attention is all you need":
token embeddings plus learned position embeddings (an nn.Embedding over
torch.arange(steps)), two post-norm encoder layers, mean pooling over the
sequence and a linear head."""
import torch
from torch import nn


class TransformerClassifier(nn.Module):
    def __init__(self, vocab=1000, steps=24, d_model=32, heads=4, d_ff=64, classes=4):
        super().__init__()
        self.tokens = nn.Embedding(vocab, d_model)
        self.positions = nn.Embedding(steps, d_model)
        layer = nn.TransformerEncoderLayer(d_model, heads, d_ff, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, classes)

    def forward(self, ids):
        steps = torch.arange(ids.size(1), device=ids.device)
        x = self.tokens(ids) + self.positions(steps)
        x = self.encoder(x)
        x = x.mean(dim=1)
        return self.head(x)


model = TransformerClassifier()
model(torch.randint(0, 1000, (2, 24)))
