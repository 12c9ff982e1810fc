"""PyTorch twin of media/demos/positional-encoding-comparison.js: reverse a sequence with and without sinusoidal PE."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 120
vocab, length, d, batch, n = 16, 8, 32, 64, 2048

tokens = torch.randint(0, vocab, (n, length))
targets = tokens.flip(1)


def sinusoidal_table(length, d):
    position = torch.arange(length, dtype=torch.float32).unsqueeze(1)
    frequency = torch.pow(10000.0, -torch.arange(0, d, 2, dtype=torch.float32) / d)
    table = torch.zeros(length, d)
    table[:, 0::2] = torch.sin(position * frequency)
    table[:, 1::2] = torch.cos(position * frequency)
    return table


class Attention(nn.Module):
    def __init__(self, use_positions):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.q = nn.Linear(d, d, bias=False)
        self.k = nn.Linear(d, d, bias=False)
        self.v = nn.Linear(d, d, bias=False)
        self.out = nn.Linear(d, vocab, bias=False)
        self.register_buffer("pe", sinusoidal_table(length, d) if use_positions else torch.zeros(length, d))

    def forward(self, x):
        e = self.embed(x) + self.pe
        weights = torch.softmax(self.q(e) @ self.k(e).transpose(1, 2) / math.sqrt(d), dim=-1)
        return self.out(weights @ self.v(e))


models = {"with sinusoidal PE": Attention(True), "without PE": Attention(False)}
optimizers = {name: torch.optim.Adam(m.parameters(), lr=0.005) for name, m in models.items()}
batches = n // batch
final = {}

start = time.perf_counter()
for step in range(steps):
    i = (step % batches) * batch
    x, y = tokens[i:i + batch], targets[i:i + batch]
    for name, model in models.items():
        loss = F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1))
        optimizers[name].zero_grad()
        loss.backward()
        optimizers[name].step()
        final[name] = loss.item()
seconds = time.perf_counter() - start

print(json.dumps({"demo": "positional-encoding-comparison", "steps": steps, "seconds": round(seconds, 4), "final_loss": final}))
