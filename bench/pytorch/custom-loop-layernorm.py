"""PyTorch twin of bench/user/custom-loop-layernorm.js: the LayerNorm MLP in a hand-written loop over consecutive
mini-batches, Adam, batch 64."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import classification, steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(320)
x, labels = classification(2048, 64, 4)
model = nn.Sequential(
    nn.Linear(64, 128), nn.ReLU(), nn.LayerNorm(128),
    nn.Linear(128, 128), nn.ReLU(), nn.LayerNorm(128),
    nn.Linear(128, 4),
)
train_side_by_side("custom-loop-layernorm", steps, {"loss": model},
                   {"loss": torch.optim.Adam(model.parameters(), lr=0.001)}, (x, labels), 64,
                   lambda m, xb, yb: F.cross_entropy(m(xb), yb))
