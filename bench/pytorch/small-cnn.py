"""PyTorch twin of media/demos/small-cnn.js: a small CNN vs an MLP of similar size on noisy bar images."""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import bars, steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(150)
n, size, batch, noise = 2048, 12, 32, 0.5

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
train_side_by_side("small-cnn", steps, models, optimizers, (images, labels), batch,
                   lambda model, x, y: F.cross_entropy(model(x), y))

with torch.no_grad():
    for name, model in models.items():
        accuracy = (model(test_images).argmax(-1) == test_labels).float().mean().item()
        print(f"{name} test accuracy: {100 * accuracy:.1f}%", file=sys.stderr)
