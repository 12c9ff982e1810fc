"""PyTorch twin of media/demos/positional-encoding-comparison.js: reverse a sequence with and without sinusoidal PE."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import sinusoidal_table, steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(120)
vocab, length, d, batch, n = 16, 8, 32, 64, 2048

tokens = torch.randint(0, vocab, (n, length))
targets = tokens.flip(1)


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
train_side_by_side("positional-encoding-comparison", steps, models, optimizers, (tokens, targets), batch,
                   lambda model, x, y: F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1)))
