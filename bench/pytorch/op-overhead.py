"""Fixed cost of one operation in PyTorch: an add of 8 numbers, forward alone and forward + backward.
The twin of the op-overhead program in bench/run.ts; prints microseconds as JSON."""
import json
import time

import torch

a, b = torch.randn(8), torch.randn(8)
forward, backward = [], []
for _ in range(5):
    start = time.perf_counter()
    for _ in range(20000):
        a + b
    forward.append((time.perf_counter() - start) / 20000 * 1e6)
    x = torch.randn(8, requires_grad=True)
    start = time.perf_counter()
    y = x
    for _ in range(2000):
        y = y + b
    y.sum().backward()
    backward.append((time.perf_counter() - start) / 2000 * 1e6)
print(json.dumps({"forwardUs": sorted(forward)[2], "forwardBackwardUs": sorted(backward)[2]}))
