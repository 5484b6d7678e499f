"""The CNN of TensorFlow's CIFAR-10 tutorial as an nn.Module subclass with
a functional forward (F.relu, F.max_pool2d, torch.flatten)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class TutorialCNN(nn.Module):
    def __init__(self, num_classes=10, width=32):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, kernel_size=3)
        self.conv2 = nn.Conv2d(width, 2 * width, kernel_size=3)
        self.conv3 = nn.Conv2d(2 * width, 2 * width, kernel_size=3)
        self.fc1 = nn.Linear(2 * width * 4 * 4, 64)
        self.fc2 = nn.Linear(64, num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.conv3(x))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


def train(model, dataset, epochs=10):
    loader = torch.utils.data.DataLoader(dataset, batch_size=64, shuffle=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        for images, labels in loader:
            optimizer.zero_grad()
            loss_fn(model(images), labels).backward()
            optimizer.step()


model = TutorialCNN()

if __name__ == "__main__":
    import torchvision
    import torchvision.transforms as T
    train(model, torchvision.datasets.CIFAR10("data", train=True, download=True,
                                              transform=T.ToTensor()))
