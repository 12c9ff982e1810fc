"""PyTorch twin of media/demos/optimizer-comparison.js: SGD vs SGD+momentum vs Adam on ill-conditioned linear regression."""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 300
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
final = {}

start_time = time.perf_counter()
for step in range(steps):
    start = (step * batch) % n
    xb, yb = x[start:start + batch], y[start:start + batch]
    for name, model in models.items():
        opts[name].zero_grad()
        loss = F.mse_loss(model(xb), yb)
        loss.backward()
        opts[name].step()
        final[name] = loss.item()
seconds = time.perf_counter() - start_time
print(json.dumps({"demo": "optimizer-comparison", "steps": steps, "seconds": seconds, "final_loss": final}))
