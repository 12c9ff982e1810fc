"""PyTorch twin of media/demos/transformer-block.js: 3-block pre-norm vs post-norm Transformers reverse a sequence."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import sinusoidal_table, steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(80)
vocab, length, d, depth, batch, n = 16, 8, 24, 3, 16, 1024

tokens = torch.randint(0, vocab, (n, length))
targets = tokens.flip(1)


def layer_norm(x):
    return F.layer_norm(x, (d,))  # no gain and bias, as in the demo


class Block(nn.Module):
    def __init__(self, pre_norm):
        super().__init__()
        self.pre_norm = pre_norm
        self.qkv = nn.Linear(d, 3 * d, bias=False)
        self.o = nn.Linear(d, d, bias=False)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d, bias=False), nn.ReLU(), nn.Linear(2 * d, d, bias=False))

    def attention(self, x):
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        weights = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(d), dim=-1)
        return self.o(weights @ v)

    def forward(self, x):
        if self.pre_norm:
            x = x + self.attention(layer_norm(x))
            return x + self.ff(layer_norm(x))
        x = layer_norm(x + self.attention(x))
        return layer_norm(x + self.ff(x))


class Transformer(nn.Module):
    def __init__(self, pre_norm):
        super().__init__()
        self.pre_norm = pre_norm
        self.embed = nn.Embedding(vocab, d)
        self.blocks = nn.ModuleList(Block(pre_norm) for _ in range(depth))
        self.out = nn.Linear(d, vocab, bias=False)
        self.register_buffer("pe", sinusoidal_table(length, d))

    def forward(self, x):
        h = self.embed(x) + self.pe
        for block in self.blocks:
            h = block(h)
        return self.out(layer_norm(h) if self.pre_norm else h)


def init_weights(module):
    """As in the demo: every weight ~ N(0, 1/fan_in)."""
    if isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, 0, 1 / math.sqrt(module.in_features))
    elif isinstance(module, nn.Embedding):
        nn.init.normal_(module.weight, 0, 1 / math.sqrt(module.num_embeddings))


models = {"pre-norm": Transformer(True), "post-norm": Transformer(False)}
for model in models.values():
    model.apply(init_weights)
optimizers = {name: torch.optim.Adam(m.parameters(), lr=0.01) for name, m in models.items()}
train_side_by_side("transformer-block", steps, models, optimizers, (tokens, targets), batch,
                   lambda model, x, y: F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1)))
