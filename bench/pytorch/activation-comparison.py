"""PyTorch twin of media/demos/activation-comparison.js: one 8-layer MLP on two spirals with sigmoid, tanh, ReLU or GELU."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import spirals, steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(300)
depth, width, classes, batch, n = 8, 32, 2, 64, 768

x, labels = spirals(n, classes, 0.1)
order = (torch.arange(n) * 389) % n  # the spirals come ordered by radius: shuffle once, as the demo does
x, labels = x[order], labels[order]

activations = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "ReLU": nn.ReLU, "GELU": nn.GELU}


def make_net(activation):
    torch.manual_seed(1)  # the same Glorot-uniform weights for every activation
    layers = []
    for l in range(depth):
        linear = nn.Linear(2 if l == 0 else width, classes if l == depth - 1 else width)
        nn.init.xavier_uniform_(linear.weight)
        nn.init.zeros_(linear.bias)
        layers.append(linear)
        if l < depth - 1:
            layers.append(activation())
    return nn.Sequential(*layers)


nets = {name: make_net(activation) for name, activation in activations.items()}
opts = {name: torch.optim.Adam(net.parameters(), lr=0.003) for name, net in nets.items()}
train_side_by_side("activation-comparison", steps, nets, opts, (x, labels), batch,
                   lambda net, xb, yb: F.cross_entropy(net(xb), yb))
