"""PyTorch twin of media/demos/gcn-node-classification.js: a 2-layer GCN vs the same MLP without edges."""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
nodes, classes, features, hidden = 150, 3, 8, 16
p_in, p_out, noise = 0.15, 0.01, 1.0

# Stochastic block model, as data.graph: denser edges inside a community, noisy community-indicator features.
labels = torch.arange(nodes) % classes
same = labels[:, None] == labels[None, :]
upper = torch.triu(torch.rand(nodes, nodes) < torch.where(same, p_in, p_out), diagonal=1).float()
adjacency = upper + upper.T
indicator = (torch.arange(features)[None, :] % classes == labels[:, None]).float()
x = 0.5 * indicator + noise * torch.randn(nodes, features)

# A_hat = D^-1/2 (A + I) D^-1/2, computed once.
a = adjacency + torch.eye(nodes)
d_inv_sqrt = a.sum(1).rsqrt()
a_hat = d_inv_sqrt[:, None] * a * d_inv_sqrt[None, :]

train_mask = torch.arange(nodes) % 5 == 0  # 30 labelled nodes; the other 120 are held out
test_mask = ~train_mask


class TwoLayer(nn.Module):
    def __init__(self, propagate):
        super().__init__()
        self.propagate = propagate
        self.w1 = nn.Linear(features, hidden, bias=False)
        self.w2 = nn.Linear(hidden, classes, bias=False)
        for w in (self.w1, self.w2):
            nn.init.xavier_normal_(w.weight)

    def layer(self, h, linear):
        return a_hat @ linear(h) if self.propagate else linear(h)

    def forward(self, h):
        return self.layer(F.relu(self.layer(h, self.w1)), self.w2)


models = {"GCN": TwoLayer(True), "MLP (no edges)": TwoLayer(False)}
optimizers = {name: torch.optim.Adam(m.parameters(), lr=0.01) for name, m in models.items()}
final = {}

start = time.perf_counter()
for step in range(steps):
    for name, model in models.items():
        loss = F.cross_entropy(model(x)[train_mask], labels[train_mask])
        optimizers[name].zero_grad()
        loss.backward()
        optimizers[name].step()
        with torch.no_grad():
            final[name] = F.cross_entropy(model(x)[test_mask], labels[test_mask]).item()  # the reported held-out loss
seconds = time.perf_counter() - start

print(json.dumps({"demo": "gcn-node-classification", "steps": steps, "seconds": round(seconds, 4), "final_loss": final}))
