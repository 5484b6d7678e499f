import torch
import torch.nn as nn

IN, H1, H2 = 13, 64, 32
model = nn.Sequential(nn.Linear(IN, H1), nn.ELU(), nn.Dropout(0.1), nn.Linear(H1, H2), nn.SELU(),
                      nn.Linear(H2, 1))
optimizer = torch.optim.Adagrad(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()
loader = torch.utils.data.DataLoader([], batch_size=32)
for epoch in range(50):
    pass
