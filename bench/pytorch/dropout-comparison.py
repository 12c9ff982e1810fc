"""PyTorch twin of media/demos/dropout-comparison.js: a big MLP on 128 examples, with and without dropout 0.5."""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 150
features, classes, hidden, n_train, n_validation, validate_every = 16, 4, 128, 128, 512, 5

# Overlapping Gaussian blobs, as data.classification(spread=0.4).
centres = 0.4 * torch.randn(classes, features)
labels = torch.randint(0, classes, (n_train + n_validation,))
x = centres[labels] + torch.randn(n_train + n_validation, features)
x_train, y_train = x[:n_train], labels[:n_train]
x_validation, y_validation = x[n_train:], labels[n_train:]


def mlp(p):
    model = nn.Sequential(
        nn.Linear(features, hidden), nn.ReLU(), nn.Dropout(p),
        nn.Linear(hidden, hidden), nn.ReLU(), nn.Dropout(p),
        nn.Linear(hidden, classes),
    )
    for m in model.modules():  # He init and zero biases, as in the demo
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return model


models = {"no dropout": mlp(0.0), "dropout 0.5": mlp(0.5)}
optimizers = {name: torch.optim.Adam(m.parameters(), lr=0.001) for name, m in models.items()}
final = {}

start = time.perf_counter()
for step in range(1, steps + 1):
    for name, model in models.items():
        model.train()
        loss = F.cross_entropy(model(x_train), y_train)
        optimizers[name].zero_grad()
        loss.backward()
        optimizers[name].step()
        final[f"{name}: train"] = loss.item()
        if step == 1 or step % validate_every == 0:
            model.eval()  # dropout off
            with torch.no_grad():
                final[f"{name}: validation"] = F.cross_entropy(model(x_validation), y_validation).item()
seconds = time.perf_counter() - start

print(json.dumps({"demo": "dropout-comparison", "steps": steps, "seconds": round(seconds, 4), "final_loss": final}))
