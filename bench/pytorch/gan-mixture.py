"""PyTorch twin of media/demos/gan-mixture.js: a 1-D GAN on two Gaussians, non-saturating vs minimax generator loss,
after 100 discriminator-only steps; the reported number is the 1-D Wasserstein distance of 512 samples to the data."""
import copy
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import report, steps_arg

torch.manual_seed(0)
steps = steps_arg(400)
warmup = min(100, steps // 4)
hidden, batch, n = 32, 128, 2048


def sample(count):
    return torch.where(torch.rand(count) < 0.5, 4.0, 7.0) + 0.4 * torch.randn(count)


real = sample(n).unsqueeze(1)
real_eval = torch.sort(sample(512)).values
z_eval = torch.randn(512, 1)


def mlp():
    model = nn.Sequential(nn.Linear(1, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, 1))
    for m in model.modules():  # nn.Linear's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)) weights; zero biases as in the demo
        if isinstance(m, nn.Linear):
            nn.init.zeros_(m.bias)
    return model


G0, D0 = mlp(), mlp()
runs = {}
for name in ["non-saturating", "minimax"]:  # the same initial weights for both; only the generator loss differs
    G, D = copy.deepcopy(G0), copy.deepcopy(D0)
    runs[name] = (G, D, torch.optim.SGD(G.parameters(), lr=0.002, momentum=0.9), torch.optim.Adam(D.parameters(), lr=0.002, betas=(0.5, 0.999)))

final = {}
start_time = time.perf_counter()
for step in range(steps):
    start = (step * batch) % n
    xb = real[start:start + batch]
    z = torch.randn(batch, 1)
    for name, (G, D, opt_g, opt_d) in runs.items():
        with torch.no_grad():
            fake = G(z)
        d_loss = F.softplus(-D(xb)).mean() + F.softplus(D(fake)).mean()  # -log D(x) - log(1 - D(G(z)))
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        if step < warmup:
            continue
        logits = D(G(z))
        g_loss = F.softplus(-logits).mean() if name == "non-saturating" else -F.softplus(logits).mean()
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        with torch.no_grad():
            final[name] = (torch.sort(G(z_eval).squeeze(1)).values - real_eval).abs().mean().item()
report("gan-mixture", steps, time.perf_counter() - start_time, final)
