"""PyTorch twin of media/demos/batchnorm-comparison.js: a 6-hidden-layer MLP with and without BatchNorm, SGD lr 0.1."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 120
depth, width, batch, n, classes = 6, 64, 64, 1024, 3


def spirals(n, classes, noise):
    """Interleaved 2-D spirals, as data.spirals."""
    i = torch.arange(n, dtype=torch.float32)
    c = torch.arange(n) % classes
    r = i / n * 4 + 0.2
    angle = r * 1.75 + 2 * math.pi * c / classes
    x = torch.stack([r * torch.cos(angle), r * torch.sin(angle)], dim=1) + noise * torch.randn(n, 2)
    return x, c


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
batches = n // batch
final = {}

start = time.perf_counter()
for step in range(steps):
    i = (step % batches) * batch
    xb, yb = x[i:i + batch], y[i:i + batch]
    for name, model in models.items():
        loss = F.cross_entropy(model(xb), yb)
        optimizers[name].zero_grad()
        loss.backward()
        optimizers[name].step()
        final[name] = loss.item()
seconds = time.perf_counter() - start

print(json.dumps({"demo": "batchnorm-comparison", "steps": steps, "seconds": round(seconds, 4), "final_loss": final}))
