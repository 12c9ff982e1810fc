"""PyTorch twin of media/demos/small-cnn.js: a small CNN vs an MLP of similar size on noisy bar images."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 150
n, size, batch, noise = 2048, 12, 32, 0.5


def bars(n, size, noise):
    """Horizontal (label 0) or vertical (label 1) bars plus Gaussian noise, as data.bars: [n, 1, size, size]."""
    labels = torch.randint(0, 2, (n,))
    at = torch.randint(1, size - 1, (n,))
    x = torch.zeros(n, 1, size, size)
    for i in range(n):
        if labels[i]:
            x[i, 0, :, at[i]] = 1
        else:
            x[i, 0, at[i], :] = 1
    return x + noise * torch.randn_like(x), labels


images, labels = bars(n, size, noise)
test_images, test_labels = bars(512, size, noise)

# 3x3 conv (8) -> ReLU -> 2x2 max-pool -> 3x3 conv (16) -> ReLU -> global average pool -> linear: 1,282 weights.
cnn = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
    nn.Linear(16, 2),
)
# 144 pixels -> 8 hidden -> 2: 1,178 weights.
mlp = nn.Sequential(nn.Flatten(), nn.Linear(size * size, 8), nn.ReLU(), nn.Linear(8, 2))
for model in (cnn, mlp):  # He init and zero biases, as in the demo
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)

models = {"CNN": cnn, "MLP": mlp}
optimizers = {name: torch.optim.Adam(m.parameters(), lr=0.01) for name, m in models.items()}
batches = n // batch
final = {}

start = time.perf_counter()
for step in range(steps):
    i = (step % batches) * batch
    x, y = images[i:i + batch], labels[i:i + batch]
    for name, model in models.items():
        loss = F.cross_entropy(model(x), y)
        optimizers[name].zero_grad()
        loss.backward()
        optimizers[name].step()
        final[name] = loss.item()
seconds = time.perf_counter() - start

with torch.no_grad():
    for name, model in models.items():
        accuracy = (model(test_images).argmax(-1) == test_labels).float().mean().item()
        print(f"{name} test accuracy: {100 * accuracy:.1f}%", file=sys.stderr)
print(json.dumps({"demo": "small-cnn", "steps": steps, "seconds": round(seconds, 4), "final_loss": final}))
