"""PyTorch twin of media/demos/coupling-flow-2d.js: four RealNVP affine couplings fit to two moons by maximum likelihood."""
import json
import math
import sys
import time

import torch
import torch.nn as nn

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
couplings, hidden, batch, n = 4, 32, 128, 1024

angle = math.pi * torch.rand(n)
upper = torch.arange(n) % 2 == 0
x0 = torch.where(upper, torch.cos(angle), 1 - torch.cos(angle))
x1 = torch.where(upper, torch.sin(angle), 0.5 - torch.sin(angle))
moons = torch.stack([(x0 - 0.5) / 0.87, (x1 - 0.25) / 0.5], dim=1) + 0.05 * torch.randn(n, 2)


class AffineCoupling(nn.Module):
    def __init__(self, keep):
        super().__init__()
        self.keep = keep
        self.net = nn.Sequential(nn.Linear(1, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(), nn.Linear(hidden, 2))
        nn.init.zeros_(self.net[-1].weight)  # start as the identity
        nn.init.zeros_(self.net[-1].bias)

    def forward(self, x):
        xa, xb = x[:, self.keep:self.keep + 1], x[:, 1 - self.keep:2 - self.keep]
        s, t = self.net(xa).chunk(2, dim=1)
        s = 2 * torch.tanh(s)
        yb = xb * torch.exp(s) + t
        y = torch.cat([xa, yb], 1) if self.keep == 0 else torch.cat([yb, xa], 1)
        return y, s.squeeze(1)


flow = nn.ModuleList(AffineCoupling(k % 2) for k in range(couplings))
opt = torch.optim.Adam(flow.parameters(), lr=0.006)


def nll(x):
    log_det = torch.zeros(x.shape[0])
    for layer in flow:
        x, s = layer(x)
        log_det = log_det + s
    log_pz = -0.5 * (x ** 2).sum(1) - math.log(2 * math.pi)
    return -(log_pz + log_det).mean()


final = {}
start_time = time.perf_counter()
for step in range(steps):
    start = (step * batch) % n
    loss = nll(moons[start:start + batch])
    opt.zero_grad()
    loss.backward()
    opt.step()
    final["negative log-likelihood"] = loss.item()
seconds = time.perf_counter() - start_time
print(json.dumps({"demo": "coupling-flow-2d", "steps": steps, "seconds": seconds, "final_loss": final}))
