"""PyTorch twin of media/demos/bert-masked-tokens.js: a tiny bidirectional attention model fills in masked tokens."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(200)
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


def masked_token_loss(model, x, _):
    corrupted, labels = mask_tokens(x)  # a fresh mask on every step
    return F.cross_entropy(model(corrupted).reshape(-1, vocab), labels.reshape(-1), ignore_index=-100)


train_side_by_side("bert-masked-tokens", steps, {"masked-token loss": model}, {"masked-token loss": optimizer}, (sequences, sequences), batch,
                   masked_token_loss)
