"""A convolutional sentence classifier after Kim (2014): word embeddings,
parallel 1-D convolutions of widths 3, 4 and 5 over time, max-over-time
pooling of each feature map (an adaptive max pooling to one step, then
squeeze), the pooled features concatenated, dropout and a linear layer.
The file never calls the model: nnc reads it without any input shape, and
the squeeze of the pooled steps needs none.
"""
import torch
import torch.nn as nn


class KimCNN(nn.Module):
    def __init__(self, vocab_size=500, embed_dim=24, num_filters=8, widths=(3, 4, 5),
                 num_classes=4):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.convs = nn.ModuleList([nn.Conv1d(embed_dim, num_filters, w) for w in widths])
        self.pool = nn.AdaptiveMaxPool1d(1)
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(num_filters * len(widths), num_classes)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)
        pooled = [self.pool(torch.relu(conv(x))).squeeze(-1) for conv in self.convs]
        return self.fc(self.dropout(torch.cat(pooled, dim=1)))
