"""PyTorch twin of media/demos/tied-embeddings.js: a next-token model with tied vs untied input/output embeddings,
trained on 512 pairs of a 64-token class language; the loss it reports is on 4096 held-out pairs."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(300)
vocab, classes, d, batch, n_train, n_valid = 64, 8, 16, 64, 512, 4096

# class c is followed by class nxt[c, 0] (p = 0.7) or nxt[c, 1] (p = 0.3); the token within a class is uniform
first = torch.randint(0, classes, (classes,))
nxt = torch.stack([first, (first + 1 + torch.randint(0, classes - 1, (classes,))) % classes], dim=1)


def pairs(count):
    x = torch.randint(0, vocab, (count,))
    c = nxt[x % classes, (torch.rand(count) >= 0.7).long()]
    return x, c + classes * torch.randint(0, vocab // classes, (count,))


train, valid = pairs(n_train), pairs(n_valid)


class NextToken(nn.Module):
    def __init__(self, tied):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.a = nn.Linear(d, d, bias=False)
        self.out = None if tied else nn.Linear(d, vocab, bias=False)
        self.bias = nn.Parameter(torch.zeros(vocab))
        for p in self.parameters():
            if p.dim() == 2:
                nn.init.normal_(p, 0, 1 / math.sqrt(d))

    def forward(self, x):
        h = torch.tanh(self.a(self.embed(x)))
        weight = self.embed.weight if self.out is None else self.out.weight  # tied: the same [vocab, d] matrix
        return F.linear(h, weight, self.bias)


models = {"tied (validation)": NextToken(True), "untied (validation)": NextToken(False)}
optimizers = {name: torch.optim.Adam(m.parameters(), lr=0.01) for name, m in models.items()}
calls = {name: 0 for name in models}
validation = {}


def evaluate(name, model):
    """The held-out loss every 5 steps, as the demo reports it (here just before the step's update)."""
    calls[name] += 1
    if calls[name] % 5 == 0:
        with torch.no_grad():
            validation[name] = F.cross_entropy(model(valid[0]), valid[1]).item()
    validation["last"] = validation.get(name, float("nan"))


train_side_by_side("tied-embeddings", steps, models, optimizers, train, batch,
                   lambda model, x, y: F.cross_entropy(model(x), y), before_step=evaluate, record=lambda loss: validation["last"])
