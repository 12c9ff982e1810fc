"""PyTorch twin of media/demos/momentum-comparison.js: SGD, SGD with 10x the step, momentum and Nesterov on badly scaled inputs."""
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import report, steps_arg

torch.manual_seed(0)
steps = steps_arg(300)
features, hidden, classes, batch, n, lr, mu, evaluate_every = 16, 32, 4, 64, 1024, 0.015, 0.9, 5

# Gaussian blobs (as data.classification with spread 0.5), then feature j scaled by 10^(-1 + 2j/15): 0.1 … 10.
centres = 0.5 * torch.randn(classes, features)
labels = torch.randint(0, classes, (n,))
x = (centres[labels] + torch.randn(n, features)) * 10 ** torch.linspace(-1, 1, features)


def make_net():
    torch.manual_seed(1)  # the same initial weights for every optimizer
    net = nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, classes))
    for m in net:
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return net


make_opt = {
    "SGD": lambda p: torch.optim.SGD(p, lr=lr),
    "SGD, lr × 10": lambda p: torch.optim.SGD(p, lr=lr / (1 - mu)),
    "momentum 0.9": lambda p: torch.optim.SGD(p, lr=lr, momentum=mu),
    "Nesterov 0.9": lambda p: torch.optim.SGD(p, lr=lr, momentum=mu, nesterov=True),
}
nets = {name: make_net() for name in make_opt}
opts = {name: make(nets[name].parameters()) for name, make in make_opt.items()}

final = {}
start = time.perf_counter()
for step in range(1, steps + 1):
    i = ((step - 1) * batch) % n
    xb, yb = x[i:i + batch], labels[i:i + batch]
    for name, net in nets.items():
        opts[name].zero_grad()
        F.cross_entropy(net(xb), yb).backward()
        opts[name].step()
        if step == 1 or step % evaluate_every == 0:  # the loss on the whole training set, as the demo reports it
            with torch.no_grad():
                final[name] = F.cross_entropy(net(x), labels).item()
report("momentum-comparison", steps, time.perf_counter() - start, final)
