"""PyTorch twin of media/demos/ema-target.js: TD(0) on a 16-state chain, EMA target (tau = 0.99) vs no target."""
import copy
import json
import sys
import time

import torch
import torch.nn as nn

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 700
N, gamma, tau, batch, hidden, p_forward = 16, 0.98, 0.99, 32, 64, 0.9

# Transition matrix of the chain: s -> s+1 with prob 0.9, else back to 0; the last state always restarts.
P = torch.zeros(N, N)
for s in range(N - 1):
    P[s, s + 1] = p_forward
    P[s, 0] += 1 - p_forward
P[N - 1, 0] = 1.0
visits = torch.full((N,), 1.0 / N)
for _ in range(2000):
    visits = visits @ P
reward = -visits[N - 1] * torch.ones(N)
reward[N - 1] += 1.0
true_value = torch.linalg.solve(torch.eye(N) - gamma * P, reward).unsqueeze(1)
features = ((torch.arange(N, dtype=torch.float32) + 1) / N).unsqueeze(1)


def make_net():
    torch.manual_seed(1)
    net = nn.Sequential(nn.Linear(1, hidden), nn.ReLU(), nn.Linear(hidden, 1))
    nn.init.normal_(net[0].weight, 0.0, 1.0)
    nn.init.uniform_(net[0].bias, -1.0, 1.0)
    nn.init.zeros_(net[2].weight)
    nn.init.zeros_(net[2].bias)
    return net


variants = {}
for name, ema in [("EMA target (τ = 0.99)", True), ("no target", False)]:
    online = make_net()
    target = copy.deepcopy(online).requires_grad_(False) if ema else online
    variants[name] = (online, target, torch.optim.Adam(online.parameters(), lr=0.01), ema)

gen = torch.Generator().manual_seed(12)
final = {}
start_time = time.perf_counter()
for step in range(steps):
    s = torch.randint(0, N, (batch,), generator=gen)
    s_next = torch.multinomial(P[s], 1, generator=gen).squeeze(1)
    x, x_next, r = features[s], features[s_next], reward[s].unsqueeze(1)
    for name, (online, target, opt, ema) in variants.items():
        with torch.no_grad():
            y = r + gamma * target(x_next)
        loss = ((online(x) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if ema:
            with torch.no_grad():
                for p_t, p in zip(target.parameters(), online.parameters()):
                    p_t.lerp_(p, 1 - tau)
        with torch.no_grad():
            final[name] = ((online(features) - true_value) ** 2).mean().item()
seconds = time.perf_counter() - start_time
print(json.dumps({"demo": "ema-target", "steps": steps, "seconds": seconds, "final_loss": final}, ensure_ascii=False))
