"""PyTorch twin of media/demos/residual-comparison.js: a 20-layer plain ReLU MLP vs the residual version, on two spirals."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import spirals, steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(150)
depth, width, classes, batch, n = 20, 24, 2, 32, 1024

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
train_side_by_side("residual-comparison", steps, nets, opts, (x, labels), batch,
                   lambda net, xb, yb: F.cross_entropy(net(xb), yb))
