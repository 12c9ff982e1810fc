"""PyTorch twin of media/demos/init-comparison.js: a 10-layer ReLU MLP with N(0,1), Xavier and He init."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 160
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
final = {}

start_time = time.perf_counter()
for step in range(steps):
    start = (step * batch) % n
    xb, yb = x[start:start + batch], labels[start:start + batch]
    for name, net in nets.items():
        opt = opts[name]
        opt.zero_grad()
        loss = F.cross_entropy(net(xb), yb)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm=5.0)  # safety clip, as in the demo
        opt.step()
        final[name] = math.log10(loss.item())  # the demo reports log10 of the cross-entropy
seconds = time.perf_counter() - start_time
print(json.dumps({"demo": "init-comparison", "steps": steps, "seconds": seconds, "final_loss": final}))
