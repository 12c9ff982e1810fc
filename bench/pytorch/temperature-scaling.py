"""PyTorch twin of media/demos/temperature-scaling.js: train an overconfident MLP, then fit a temperature on validation logits."""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 300
train_steps = round(steps * 0.75)
fit_steps = steps - train_steps
features, classes, hidden, n = 16, 4, 32, 1200

centres = 0.8 * torch.randn(classes, features)
labels = torch.randint(0, classes, (n,))
x = centres[labels] + torch.randn(n, features)
(x_train, x_val, x_test), (y_train, y_val, y_test) = x.split(n // 3), labels.split(n // 3)

net = nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, classes))
opt = torch.optim.Adam(net.parameters(), lr=0.01)
final = {}

start_time = time.perf_counter()
for step in range(train_steps):
    opt.zero_grad()
    loss = F.cross_entropy(net(x_train), y_train)
    loss.backward()
    opt.step()
    final["training loss"] = loss.item()

with torch.no_grad():
    val_logits = net(x_val)
log_t = torch.zeros((), requires_grad=True)
t_opt = torch.optim.Adam([log_t], lr=0.05)
for k in range(fit_steps):
    t_opt.zero_grad()
    nll = F.cross_entropy(val_logits / log_t.exp(), y_val)
    nll.backward()
    t_opt.step()
    final["validation NLL while fitting T"] = nll.item()
seconds = time.perf_counter() - start_time
print(json.dumps({"demo": "temperature-scaling", "steps": steps, "seconds": seconds, "final_loss": final}))
