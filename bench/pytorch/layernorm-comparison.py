"""PyTorch twin of media/demos/layernorm-comparison.js: a 64-128x4-1 MLP with PyTorch's default init, with and without LayerNorm."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(120)
features, width, depth, batch, n = 64, 128, 4, 64, 2048

# A smooth non-linear target: a random one-hidden-layer tanh "teacher", scaled to unit variance.
x = torch.randn(n, features)
teacher = torch.tanh(x @ (torch.randn(features, 32) / math.sqrt(features))) @ torch.randn(32, 1)
y = (teacher - teacher.mean()) / teacher.std(unbiased=False)


def mlp(layer_norm):
    layers, fan_in = [], features
    for _ in range(depth):
        layers.append(nn.Linear(fan_in, width))
        if layer_norm:
            layers.append(nn.LayerNorm(width))
        layers.append(nn.ReLU())
        fan_in = width
    layers.append(nn.Linear(fan_in, 1))
    model = nn.Sequential(*layers)
    for m in model.modules():  # keep nn.Linear's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)) weights; zero biases as in the demo
        if isinstance(m, nn.Linear):
            nn.init.zeros_(m.bias)
    return model


models = {"with LayerNorm": mlp(True), "without": mlp(False)}
optimizers = {name: torch.optim.SGD(m.parameters(), lr=0.003, momentum=0.9) for name, m in models.items()}
train_side_by_side("layernorm-comparison", steps, models, optimizers, (x, y), batch,
                   lambda model, xb, yb: F.mse_loss(model(xb), yb))
