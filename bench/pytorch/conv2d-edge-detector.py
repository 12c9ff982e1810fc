"""PyTorch twin of media/demos/conv2d-edge-detector.js: fit one 3x3 filter to the Sobel filter's output."""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
n, size, batch = 256, 12, 32


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


images, _ = bars(n, size, 0.1)
sobel = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]]).view(1, 1, 3, 3)
target = F.conv2d(images, sobel, padding=1)

conv = nn.Conv2d(1, 1, 3, padding=1, bias=False)
with torch.no_grad():
    conv.weight.normal_(0, 0.1)
optimizer = torch.optim.Adam(conv.parameters(), lr=0.05)
batches = n // batch

start = time.perf_counter()
for step in range(steps):
    i = (step % batches) * batch
    loss = F.mse_loss(conv(images[i:i + batch]), target[i:i + batch])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        kernel_error = (conv.weight - sobel).pow(2).mean()
    final = {"MSE on images": loss.item(), "learned vs Sobel error": kernel_error.item()}  # read every step, as report() does
seconds = time.perf_counter() - start

print(json.dumps({"demo": "conv2d-edge-detector", "steps": steps, "seconds": round(seconds, 4),
                  "final_loss": final}))
