"""PyTorch twin of media/demos/bert-masked-tokens.js: a tiny bidirectional attention model fills in masked tokens."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
vocab, half, d, batch, n = 16, 6, 32, 32, 2048
MASK = vocab
length = 2 * half

first = torch.randint(0, vocab, (n, half))
sequences = torch.cat([first, first], dim=1)  # the second half repeats the first


def mask_tokens(tokens):
    """BERT's rule: pick 15% of positions; 80% -> [MASK], 10% -> random token, 10% unchanged. Labels -100 elsewhere."""
    picked = torch.rand(tokens.shape) < 0.15
    labels = torch.where(picked, tokens, torch.full_like(tokens, -100))
    r = torch.rand(tokens.shape)
    corrupted = tokens.clone()
    corrupted[picked & (r < 0.8)] = MASK
    random_token = picked & (r >= 0.8) & (r < 0.9)
    corrupted[random_token] = torch.randint(0, vocab, tokens.shape)[random_token]
    return corrupted, labels


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(vocab + 1, d)
        self.positions = nn.Parameter(torch.randn(length, d))  # learned, as in BERT
        self.q = nn.Linear(d, d, bias=False)
        self.k = nn.Linear(d, d, bias=False)
        self.v = nn.Linear(d, d, bias=False)
        self.out = nn.Linear(d, vocab, bias=False)

    def forward(self, x):
        x = self.tokens(x) + self.positions
        weights = torch.softmax(self.q(x) @ self.k(x).transpose(1, 2) / math.sqrt(d), dim=-1)  # no causal mask
        return self.out(x + weights @ self.v(x))


model = Encoder()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
batches = n // batch

start = time.perf_counter()
for step in range(steps):
    i = (step % batches) * batch
    corrupted, labels = mask_tokens(sequences[i:i + batch])
    loss = F.cross_entropy(model(corrupted).reshape(-1, vocab), labels.reshape(-1), ignore_index=-100)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    final = loss.item()
seconds = time.perf_counter() - start

print(json.dumps({"demo": "bert-masked-tokens", "steps": steps, "seconds": round(seconds, 4),
                  "final_loss": {"masked-token loss": final}}))
