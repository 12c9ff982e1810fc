"""PyTorch twin of media/demos/residual-comparison.js: a 20-layer plain ReLU MLP vs the residual version, on two spirals."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 150
depth, width, classes, batch, n = 20, 24, 2, 32, 1024


def spirals(n, classes, noise):
    i = torch.arange(n, dtype=torch.float32)
    c = torch.arange(n) % classes
    r = i / n * 4 + 0.2
    angle = r * 1.75 + 2 * math.pi * c / classes
    x = torch.stack([r * torch.cos(angle), r * torch.sin(angle)], dim=1) + noise * torch.randn(n, 2)
    return x, c


x, labels = spirals(n, classes, 0.1)
order = (torch.arange(n) * 389) % n
x, labels = x[order], labels[order]


class DeepMLP(nn.Module):
    def __init__(self, residual):
        super().__init__()
        self.residual = residual
        torch.manual_seed(1)
        self.inp = nn.Linear(2, width)
        nn.init.normal_(self.inp.weight, 0.0, 1.0)
        nn.init.uniform_(self.inp.bias, -1.0, 1.0)
        branch_scale = 1 / math.sqrt(depth) if residual else 1.0
        self.hidden = nn.ModuleList(nn.Linear(width, width, bias=False) for _ in range(depth))
        for layer in self.hidden:
            nn.init.normal_(layer.weight, 0.0, branch_scale * math.sqrt(2 / width))
        self.out = nn.Linear(width, classes, bias=False)
        nn.init.normal_(self.out.weight, 0.0, math.sqrt(1 / width))

    def forward(self, x):
        h = F.relu(self.inp(x))
        for layer in self.hidden:
            h = h + layer(F.relu(h)) if self.residual else F.relu(layer(h))
        return self.out(F.relu(h) if self.residual else h)


nets = {"plain": DeepMLP(False), "residual": DeepMLP(True)}
opts = {name: torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9) for name, net in nets.items()}
final = {}

start_time = time.perf_counter()
for step in range(steps):
    start = (step * batch) % n
    xb, yb = x[start:start + batch], labels[start:start + batch]
    for name, net in nets.items():
        opts[name].zero_grad()
        loss = F.cross_entropy(net(xb), yb)
        loss.backward()
        opts[name].step()
        final[name] = loss.item()
seconds = time.perf_counter() - start_time
print(json.dumps({"demo": "residual-comparison", "steps": steps, "seconds": seconds, "final_loss": final}))
