"""PyTorch twin of media/demos/label-smoothing.js: cross-entropy vs label smoothing 0.1, with validation NLL."""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 300
features, classes, hidden, n_train, n_val = 16, 4, 32, 400, 400

centres = 0.8 * torch.randn(classes, features)
labels = torch.randint(0, classes, (n_train + n_val,))
x = centres[labels] + torch.randn(n_train + n_val, features)
x_train, x_val = x[:n_train], x[n_train:]
y_train, y_val = labels[:n_train], labels[n_train:]


def make_net():
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, classes))


variants = {"cross-entropy": 0.0, "label smoothing 0.1": 0.1}
nets = {name: make_net() for name in variants}
opts = {name: torch.optim.Adam(net.parameters(), lr=0.01) for name, net in nets.items()}
final = {}

start_time = time.perf_counter()
for step in range(steps):
    for name, net in nets.items():
        opts[name].zero_grad()
        loss = F.cross_entropy(net(x_train), y_train, label_smoothing=variants[name])
        loss.backward()
        opts[name].step()
        final[name] = loss.item()
    with torch.no_grad():
        for name, net in nets.items():
            final[f"{name} (validation NLL)"] = F.cross_entropy(net(x_val), y_val).item()
seconds = time.perf_counter() - start_time
print(json.dumps({"demo": "label-smoothing", "steps": steps, "seconds": seconds, "final_loss": final}))
