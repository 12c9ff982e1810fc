"""PyTorch twin of media/demos/batchnorm-comparison.js: a 6-hidden-layer MLP with and without BatchNorm, SGD lr 0.1."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import spirals, steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(120)
depth, width, batch, n, classes = 6, 64, 64, 1024, 3

x, y = spirals(n, classes, 0.1)
order = torch.randperm(n)  # shuffle once so each batch covers the whole spiral
x, y = x[order], y[order]


def mlp(batch_norm):
    layers, fan_in = [], 2
    for _ in range(depth):
        layers.append(nn.Linear(fan_in, width, bias=not batch_norm))  # BatchNorm's beta replaces the bias
        if batch_norm:
            layers.append(nn.BatchNorm1d(width))
        layers.append(nn.ReLU())
        fan_in = width
    layers.append(nn.Linear(fan_in, classes))
    model = nn.Sequential(*layers)
    for m in model.modules():  # He init and zero biases, as in the demo
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    return model.train()


models = {"with BatchNorm": mlp(True), "without": mlp(False)}
optimizers = {name: torch.optim.SGD(m.parameters(), lr=0.1) for name, m in models.items()}
train_side_by_side("batchnorm-comparison", steps, models, optimizers, (x, y), batch,
                   lambda model, xb, yb: F.cross_entropy(model(xb), yb))
