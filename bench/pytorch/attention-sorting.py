"""PyTorch twin of media/demos/attention-sorting.js: single-head self-attention finds each sequence's maximum."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(150)
vocab, length, d, batch, n = 16, 8, 32, 64, 2048

tokens = torch.randint(0, vocab, (n, length))
targets = tokens.max(dim=1, keepdim=True).values.expand(n, length)  # every position predicts the maximum


class SelfAttentionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.q = nn.Linear(d, d, bias=False)
        self.k = nn.Linear(d, d, bias=False)
        self.v = nn.Linear(d, d, bias=False)
        self.out = nn.Linear(d, vocab)

    def forward(self, x):
        e = self.embed(x)
        weights = torch.softmax(self.q(e) @ self.k(e).transpose(1, 2) / math.sqrt(d), dim=-1)
        return self.out(weights @ self.v(e))


model = SelfAttentionModel()
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
train_side_by_side("attention-sorting", steps, {"cross-entropy": model}, {"cross-entropy": optimizer}, (tokens, targets), batch,
                   lambda model, x, y: F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1)))
