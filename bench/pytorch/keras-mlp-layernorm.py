"""PyTorch twin of bench/user/keras-mlp-layernorm.js: 64 → 128 → LayerNorm → 128 → LayerNorm → 4, Adam, batch 64,
trained like model.fit (shuffled epochs)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import classification, steps_arg, train_epochs

torch.manual_seed(0)
steps = steps_arg(320)
x, labels = classification(2048, 64, 4)
model = nn.Sequential(
    nn.Linear(64, 128), nn.ReLU(), nn.LayerNorm(128),
    nn.Linear(128, 128), nn.ReLU(), nn.LayerNorm(128),
    nn.Linear(128, 4),
)
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
train_epochs("keras-mlp-layernorm", steps, model, optimizer, (x, labels), 64,
             lambda m, xb, yb: F.cross_entropy(m(xb), yb))
