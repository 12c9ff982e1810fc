"""PyTorch twin of bench/user/layers-attention.js: embedding → self-attention (query, key, value, output weights)
→ residual + LayerNorm → feed-forward 64 → 32 → residual + LayerNorm → a class per position; every position
outputs the largest token of its sequence. Adam, batch 64, trained like model.fit."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import steps_arg, train_epochs

torch.manual_seed(0)
steps = steps_arg(160)
n, length, vocab, d = 2048, 8, 16, 32
tokens = torch.randint(0, vocab, (n, length))
maxima = tokens.max(dim=1, keepdim=True).values.expand(n, length)


class SelfAttention(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(width, width, bias=False) for _ in range(4))

    def forward(self, x):
        scores = self.q(x) @ self.k(x).transpose(1, 2) / math.sqrt(x.shape[-1])
        return self.o(torch.softmax(scores, dim=-1) @ self.v(x))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.attention = SelfAttention(d)
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.ffn = nn.Sequential(nn.Linear(d, 2 * d), nn.ReLU(), nn.Linear(2 * d, d))
        self.out = nn.Linear(d, vocab)

    def forward(self, x):
        e = self.embed(x)
        h = self.norm1(e + self.attention(e))
        return self.out(self.norm2(h + self.ffn(h)))


model = Block()
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
train_epochs("layers-attention", steps, model, optimizer, (tokens, maxima), 64,
             lambda m, xb, yb: F.cross_entropy(m(xb).reshape(-1, vocab), yb.reshape(-1)))
