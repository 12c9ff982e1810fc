"""What the PyTorch twins of the demos share: the step count, the demos' synthetic data sets, and the timed
training loop that prints the JSON line `npm run bench` reads. One loop for all, so every twin is timed alike."""
import json
import math
import sys
import time

import torch

# One thread, like the sandbox's WebAssembly backend: the comparison is of one core against one core.
torch.set_num_threads(1)


def steps_arg(default):
    """The number of steps: the first argument (the bench passes the demo's), else the demo's default."""
    return int(sys.argv[1]) if len(sys.argv) > 1 else default


def spirals(n, classes, noise):
    """Interleaved 2-D spirals, as data.spirals: points [n, 2] and class ids [n]."""
    i = torch.arange(n, dtype=torch.float32)
    c = torch.arange(n) % classes
    r = i / n * 4 + 0.2
    angle = r * 1.75 + 2 * math.pi * c / classes
    x = torch.stack([r * torch.cos(angle), r * torch.sin(angle)], dim=1) + noise * torch.randn(n, 2)
    return x, c


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


def sinusoidal_table(length, d):
    """The sinusoidal positional encoding of Vaswani et al. (2017): [length, d]."""
    position = torch.arange(length, dtype=torch.float32).unsqueeze(1)
    frequency = torch.pow(10000.0, -torch.arange(0, d, 2, dtype=torch.float32) / d)
    table = torch.zeros(length, d)
    table[:, 0::2] = torch.sin(position * frequency)
    table[:, 1::2] = torch.cos(position * frequency)
    return table


def report(demo, steps, seconds, final_loss):
    print(json.dumps({"demo": demo, "steps": steps, "seconds": seconds, "final_loss": final_loss}, ensure_ascii=False))


def train_side_by_side(demo, steps, models, optimizers, data, batch, loss_of, before_step=None, record=None):
    """Every step, each variant takes one optimizer step on the same mini-batch (consecutive slices of `data`);
    its loss is read every step, as the demo's report() does. Times the loop alone and reports it."""
    n = len(data[0])
    final = {}
    start = time.perf_counter()
    for step in range(steps):
        i = (step * batch) % n
        xb, yb = (t[i:i + batch] for t in data)
        for name, model in models.items():
            optimizers[name].zero_grad()
            loss = loss_of(model, xb, yb)
            loss.backward()
            if before_step:
                before_step(name, model)
            optimizers[name].step()
            final[name] = record(loss) if record else loss.item()
    report(demo, steps, time.perf_counter() - start, final)


def classification(n, features, classes, spread=1.5):
    """Gaussian blobs, one per class, as data.classification: points [n, features] and class ids [n]."""
    centres = spread * torch.randn(classes, features)
    labels = torch.randint(0, classes, (n,))
    return centres[labels] + torch.randn(n, features), labels


def train_epochs(demo, steps, model, optimizer, data, batch, loss_of):
    """model.fit's loop: every epoch a fresh shuffle, then one optimizer step per mini-batch, the loss read each
    step (as lossCallback does). Runs whole epochs until at least `steps` steps; times the loop alone."""
    n = len(data[0])
    per_epoch = math.ceil(n / batch)
    epochs = math.ceil(steps / per_epoch)
    final = None
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n)
        for i in range(0, n, batch):
            index = order[i:i + batch]
            xb, yb = (t[index] for t in data)
            optimizer.zero_grad()
            loss = loss_of(model, xb, yb)
            loss.backward()
            optimizer.step()
            final = loss.item()
    report(demo, epochs * per_epoch, time.perf_counter() - start, {"loss": final})
