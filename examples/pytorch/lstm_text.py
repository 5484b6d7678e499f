import torch
import torch.nn as nn

VOCAB = 10000
EMBED = 128


class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size=VOCAB, embed_dim=EMBED, hidden=64):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden, batch_first=True)
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, tokens):
        x = self.embedding(tokens)
        out, _ = self.lstm(x)
        x = out[:, -1, :]
        x = self.dropout(x)
        return torch.sigmoid(self.fc(x))


model = LSTMClassifier()
criterion = nn.BCELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
loader = torch.utils.data.DataLoader([], batch_size=32, shuffle=True)
EPOCHS = 10
for epoch in range(EPOCHS):
    for tokens, labels in loader:
        loss = criterion(model(tokens).squeeze(1), labels.float())
        loss.backward()
        optimizer.step()
sample = torch.randint(0, VOCAB, (4, 100))
model(sample)
