"""PyTorch twin of media/demos/lr-schedule-comparison.js: constant rate vs MultiStepLR vs CosineAnnealingLR, SGD + momentum."""
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim import lr_scheduler

from twin import report, steps_arg

torch.manual_seed(0)
steps = steps_arg(400)
features, hidden, batch, n, peak, evaluate_every = 8, 64, 8, 1024, 0.01, 5

# y = x·w + noise, as data.regression(noise=0.5).
x = torch.randn(n, features)
y = x @ torch.randn(features, 1) + 0.5 * torch.randn(n, 1)


def make_net():
    torch.manual_seed(1)  # the same initial weights for every schedule
    net = nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 1))
    for m in net:
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return net


nets = {name: make_net() for name in ["constant", "step decay", "cosine"]}
opts = {name: torch.optim.SGD(net.parameters(), lr=peak, momentum=0.9) for name, net in nets.items()}
# Stepped once per optimizer step (per batch), like the demo's schedule functions.
schedulers = {
    "constant": None,
    "step decay": lr_scheduler.MultiStepLR(opts["step decay"], milestones=[steps // 2, 3 * steps // 4], gamma=0.1),
    "cosine": lr_scheduler.CosineAnnealingLR(opts["cosine"], T_max=steps),
}

final = {}
start = time.perf_counter()
for step in range(steps):
    i = (step * batch) % n
    xb, yb = x[i:i + batch], y[i:i + batch]
    for name, net in nets.items():
        opts[name].zero_grad()
        F.mse_loss(net(xb), yb).backward()
        opts[name].step()
        if schedulers[name]:
            schedulers[name].step()
        if step == 0 or (step + 1) % evaluate_every == 0:  # the loss on the whole training set, as the demo reports it
            with torch.no_grad():
                final[name] = F.mse_loss(net(x), y).item()
report("lr-schedule-comparison", steps, time.perf_counter() - start, final)
