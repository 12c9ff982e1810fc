"""PyTorch twin of media/demos/optimizer-comparison.js: SGD vs SGD+momentum vs Adam on ill-conditioned linear regression."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(300)
features, n, batch = 16, 512, 64

scales = 10 ** torch.linspace(-1, 1, features)  # feature scales 0.1 … 10: curvature differs 10,000x
x = torch.randn(n, features) * scales
y = (x / scales).sum(dim=1, keepdim=True) + 0.1 * torch.randn(n, 1)

models = {name: nn.Linear(features, 1) for name in ["SGD", "SGD + momentum", "Adam"]}
for m in models.values():
    nn.init.zeros_(m.weight)
    nn.init.zeros_(m.bias)
opts = {
    "SGD": torch.optim.SGD(models["SGD"].parameters(), lr=0.004),
    "SGD + momentum": torch.optim.SGD(models["SGD + momentum"].parameters(), lr=0.004, momentum=0.9),
    "Adam": torch.optim.Adam(models["Adam"].parameters(), lr=0.05),
}
train_side_by_side("optimizer-comparison", steps, models, opts, (x, y), batch,
                   lambda model, xb, yb: F.mse_loss(model(xb), yb))
