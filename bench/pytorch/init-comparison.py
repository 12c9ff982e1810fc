"""PyTorch twin of media/demos/init-comparison.js: a 10-layer ReLU MLP with N(0,1), Xavier and He init."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(160)
depth, width, features, classes, batch, n = 10, 32, 16, 4, 64, 1024

# Gaussian blobs, one per class (like data.classification with spread 0.7).
centres = 0.7 * torch.randn(classes, features)
labels = torch.randint(0, classes, (n,))
x = centres[labels] + torch.randn(n, features)

schemes = {
    "N(0,1)": lambda fan_in, fan_out: 1.0,
    "Xavier": lambda fan_in, fan_out: math.sqrt(2 / (fan_in + fan_out)),
    "He": lambda fan_in, fan_out: math.sqrt(2 / fan_in),
}


def make_net(std):
    layers = []
    for l in range(depth):
        fan_in = features if l == 0 else width
        fan_out = classes if l == depth - 1 else width
        linear = nn.Linear(fan_in, fan_out, bias=False)
        torch.manual_seed(100 + l)  # same directions for every scheme, only the scale differs
        nn.init.normal_(linear.weight, 0.0, std(fan_in, fan_out))
        layers.append(linear)
        if l < depth - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


nets = {name: make_net(std) for name, std in schemes.items()}
opts = {name: torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9) for name, net in nets.items()}
train_side_by_side("init-comparison", steps, nets, opts, (x, labels), batch,
                   lambda net, xb, yb: F.cross_entropy(net(xb), yb),
                   before_step=lambda name, net: torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm=5.0),  # safety clip, as in the demo
                   record=lambda loss: math.log10(loss.item()))  # the demo reports log10 of the cross-entropy
