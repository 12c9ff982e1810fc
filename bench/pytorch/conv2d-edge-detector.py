"""PyTorch twin of media/demos/conv2d-edge-detector.js: fit one 3x3 filter to the Sobel filter's output."""
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import bars, report, steps_arg

torch.manual_seed(0)
steps = steps_arg(200)
n, size, batch = 256, 12, 32

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

report("conv2d-edge-detector", steps, seconds, final)
