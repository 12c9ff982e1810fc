"""PyTorch twin of media/demos/tiny-vae.js: a VAE with a 2-D latent on 8x8 bar images."""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 300
size, latent, hidden, batch, n = 8, 2, 64, 64, 512
pixels = size * size

# Horizontal or vertical bars at a random inner position, plus a little noise (like data.bars).
vertical = torch.randint(0, 2, (n,))
at = 1 + torch.randint(0, size - 2, (n,))
idx = torch.arange(size)
rows = (idx.view(1, size, 1) == at.view(n, 1, 1)).expand(n, size, size)
cols = (idx.view(1, 1, size) == at.view(n, 1, 1)).expand(n, size, size)
images = torch.where(vertical.view(n, 1, 1) == 1, cols, rows).float()
x = (images + 0.05 * torch.randn(n, size, size)).clamp(0, 1).view(n, pixels)


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(pixels, hidden), nn.ReLU(), nn.Linear(hidden, 2 * latent))
        self.dec = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, pixels))

    def forward(self, xb):
        mu, logvar = self.enc(xb).chunk(2, dim=1)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        recon = F.binary_cross_entropy_with_logits(self.dec(z), xb, reduction="sum") / xb.shape[0]
        kl = 0.5 * (mu ** 2 + logvar.exp() - 1 - logvar).sum(1).mean()
        return recon, kl


vae = VAE()
opt = torch.optim.Adam(vae.parameters(), lr=0.008)
final = {}

start_time = time.perf_counter()
for step in range(steps):
    start = (step * batch) % n
    recon, kl = vae(x[start:start + batch])
    loss = recon + kl
    opt.zero_grad()
    loss.backward()
    opt.step()
    final = {"negative ELBO": loss.item(), "reconstruction": recon.item(), "KL": kl.item()}
seconds = time.perf_counter() - start_time
print(json.dumps({"demo": "tiny-vae", "steps": steps, "seconds": seconds, "final_loss": final}))
