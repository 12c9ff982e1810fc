"""PyTorch twin of media/demos/attention-sorting.js: single-head self-attention finds each sequence's maximum."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 150
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
batches = n // batch

start = time.perf_counter()
for step in range(steps):
    i = (step % batches) * batch
    logits = model(tokens[i:i + batch])
    loss = F.cross_entropy(logits.reshape(-1, vocab), targets[i:i + batch].reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    final = loss.item()  # read every step, as report() does
seconds = time.perf_counter() - start

print(json.dumps({"demo": "attention-sorting", "steps": steps, "seconds": round(seconds, 4),
                  "final_loss": {"cross-entropy": final}}))
