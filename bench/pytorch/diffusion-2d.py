"""PyTorch twin of media/demos/diffusion-2d.js: epsilon-prediction denoisers on 2-D spirals (cosine schedule, T = 100),
one given the time step as sine/cosine features and one without it; both see the same points, steps and noise."""
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import report, spirals, steps_arg

torch.manual_seed(0)
steps = steps_arg(400)
T, hidden, batch, n, freqs = 100, 64, 128, 1024, 4

x, _ = spirals(n, 2, 0.05)
x = x[torch.randperm(n)] / 2
f = torch.cos((torch.arange(T + 1, dtype=torch.float64) / T + 0.008) / 1.008 * math.pi / 2) ** 2
alphas_cumprod = (f[1:] / f[0]).float()  # t = 1 ... T
k = torch.arange(1, freqs + 1, dtype=torch.float32) * math.pi


def embed(t):
    u = ((t.float() + 1) / T).unsqueeze(1) * k
    return torch.cat([torch.sin(u), torch.cos(u)], 1)


class Denoiser(nn.Module):
    def __init__(self, use_time):
        super().__init__()
        self.use_time = use_time
        self.net = nn.Sequential(nn.Linear(2 + 2 * freqs if use_time else 2, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 2))
        for m in self.net:  # He-normal weights and zero biases, as in the demo
            if isinstance(m, nn.Linear):
                nn.init.kaiming_normal_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, xt, t):
        return self.net(torch.cat([xt, embed(t)], 1) if self.use_time else xt)


models = {"with t": Denoiser(True), "without t": Denoiser(False)}
optimizers = {name: torch.optim.Adam(m.parameters(), lr=0.003) for name, m in models.items()}
final = {}
start_time = time.perf_counter()
for step in range(steps):
    start = (step * batch) % n
    x0 = x[start:start + batch]
    t = torch.randint(0, T, (batch,))
    eps = torch.randn_like(x0)
    abar = alphas_cumprod[t].unsqueeze(1)
    xt = abar.sqrt() * x0 + (1 - abar).sqrt() * eps
    for name, model in models.items():
        loss = F.mse_loss(model(xt, t), eps)
        optimizers[name].zero_grad()
        loss.backward()
        optimizers[name].step()
        final[name] = loss.item()
report("diffusion-2d", steps, time.perf_counter() - start_time, final)
