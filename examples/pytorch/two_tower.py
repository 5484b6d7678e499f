"""A two-tower scorer: one tower per input, joined by a product.

As in the two-tower retrieval models of recommender systems, a query
(user) tower and a candidate (item) tower each map their own features to
an embedding of the same size; here each tower is an nn.Sequential of
Linear layers, the two embeddings are multiplied elementwise and their
difference is kept beside the product, and a Linear layer turns both into
a score.  No sample call: each input's shape comes from the in_features
of the first Linear layer that reads it.
"""
import torch
import torch.nn as nn


class TwoTower(nn.Module):
    def __init__(self):
        super().__init__()
        self.user_tower = nn.Sequential(
            nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 16))
        self.item_tower = nn.Sequential(
            nn.Linear(20, 32), nn.Tanh(), nn.Linear(32, 16))
        self.score = nn.Linear(32, 1)

    def forward(self, user, item):
        u = self.user_tower(user)
        v = self.item_tower(item)
        return self.score(torch.cat([u * v, u - v], dim=1))


model = TwoTower()
