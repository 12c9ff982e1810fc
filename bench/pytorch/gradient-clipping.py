"""PyTorch twin of media/demos/gradient-clipping.js: an 8-layer tanh MLP (gain 2) on two spirals, SGD + momentum with vs without clip_grad_norm_."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import spirals, steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(250)
depth, width, classes, batch, n, max_norm = 8, 32, 2, 64, 1024, 1.0

x, labels = spirals(n, classes, 0.2)
order = (torch.arange(n) * 389) % n
x, labels = x[order], labels[order]


def make_net():
    torch.manual_seed(20)
    layers = []
    for l in range(depth):
        fan_in = 2 if l == 0 else width
        fan_out = classes if l == depth - 1 else width
        gain = 1.0 if l in (0, depth - 1) else 2.0
        linear = nn.Linear(fan_in, fan_out, bias=False)
        nn.init.normal_(linear.weight, 0.0, gain / math.sqrt(fan_in))
        layers.append(linear)
        if l < depth - 1:
            layers.append(nn.Tanh())
    return nn.Sequential(*layers)


variants = {"with clipping": max_norm, "without clipping": math.inf}
nets = {name: make_net() for name in variants}
opts = {name: torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9) for name, net in nets.items()}


def clip(name, net):
    if variants[name] < math.inf:
        torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm=variants[name])


train_side_by_side("gradient-clipping", steps, nets, opts, (x, labels), batch,
                   lambda net, xb, yb: F.cross_entropy(net(xb), yb), before_step=clip)
