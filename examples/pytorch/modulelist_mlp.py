import torch
import torch.nn as nn

DEPTH = 4


class DeepMLP(nn.Module):
    def __init__(self, width=128, depth=DEPTH, in_dim=10, out_dim=3):
        super().__init__()
        self.inp = nn.Linear(in_dim, width)
        self.hidden = nn.ModuleList([nn.Linear(width, width) for _ in range(depth)])
        self.norms = nn.ModuleList(nn.LayerNorm(width) for _ in range(depth))
        self.outp = nn.Linear(width, out_dim)

    def forward(self, x):
        x = torch.relu(self.inp(x))
        for layer, norm in zip(self.hidden, self.norms):
            x = torch.relu(norm(layer(x)))
        return self.outp(x)


model = DeepMLP()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = nn.MSELoss()
train_dl = torch.utils.data.DataLoader([], batch_size=16, shuffle=True)
for epoch in range(100):
    for xb, yb in train_dl:
        loss_fn(model(xb), yb).backward()
        optimizer.step()
