"""PyTorch twin of media/demos/weight-decay-comparison.js: a big MLP on 128 examples, SGD + momentum with and without weight decay."""
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import report, steps_arg

torch.manual_seed(0)
steps = steps_arg(300)
features, classes, hidden, n_train, n_validation, weight_decay, validate_every = 16, 4, 128, 128, 512, 0.03, 5

# Overlapping Gaussian blobs, as data.classification(spread=0.4).
centres = 0.4 * torch.randn(classes, features)
labels = torch.randint(0, classes, (n_train + n_validation,))
x = centres[labels] + torch.randn(n_train + n_validation, features)
x_train, y_train = x[:n_train], labels[:n_train]
x_validation, y_validation = x[n_train:], labels[n_train:]


def make_mlp():
    torch.manual_seed(1)  # identical initial weights for both models
    net = nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, classes))
    for m in net:
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return net


def optimizer(net, wd):
    # weight_decay= of torch.optim.SGD is the L2 penalty of the demo: on the weight matrices, not on the biases
    matrices = [p for p in net.parameters() if p.ndim >= 2]
    vectors = [p for p in net.parameters() if p.ndim < 2]
    return torch.optim.SGD([{"params": matrices, "weight_decay": wd}, {"params": vectors, "weight_decay": 0.0}], lr=0.05, momentum=0.9)


models = {"without weight decay": make_mlp(), "with weight decay": make_mlp()}
opts = {"without weight decay": optimizer(models["without weight decay"], 0.0), "with weight decay": optimizer(models["with weight decay"], weight_decay)}

final = {}
start = time.perf_counter()
for step in range(1, steps + 1):
    for name, net in models.items():
        loss = F.cross_entropy(net(x_train), y_train)
        opts[name].zero_grad()
        loss.backward()
        opts[name].step()
        final[f"{name}: train"] = loss.item()
        if step == 1 or step % validate_every == 0:
            with torch.no_grad():
                final[f"{name}: validation"] = F.cross_entropy(net(x_validation), y_validation).item()
report("weight-decay-comparison", steps, time.perf_counter() - start, final)
