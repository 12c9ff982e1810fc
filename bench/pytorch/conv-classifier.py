"""PyTorch twin of bench/user/conv-classifier.js: conv 3x3 (8) → BatchNorm → ReLU → max-pool 2 → conv 3x3 (16) →
BatchNorm → ReLU → global average pool → 2 classes on 12x12 bar images, Adam, batch 32, trained like model.fit."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import bars, steps_arg, train_epochs

torch.manual_seed(0)
steps = steps_arg(192)
images, labels = bars(1024, 12, 0.5)
model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 2),
)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
train_epochs("conv-classifier", steps, model, optimizer, (images, labels), 32,
             lambda m, xb, yb: F.cross_entropy(m(xb), yb))
