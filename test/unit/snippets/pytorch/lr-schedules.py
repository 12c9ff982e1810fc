# Check for dl-lr-schedule: cosine_with_warmup == SequentialLR(LinearLR, CosineAnnealingLR), one_cycle == OneCycleLR
import math
import warnings
import torch
from torch.optim import lr_scheduler


def torch_lrs(make_scheduler, steps, lr=1.0, **sgd):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr, **sgd)
    scheduler = make_scheduler(opt)
    lrs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(steps):
            lrs.append(opt.param_groups[0]["lr"])  # the rate this optimizer step uses
            opt.step()
            scheduler.step()
    return lrs


for total, warmup, peak, floor, start in [(100, 10, 0.3, 0.0, 0.01), (57, 5, 1e-3, 1e-5, 0.1), (40, 1, 0.05, 0.0, 0.5)]:
    ref = torch_lrs(
        lambda opt: lr_scheduler.SequentialLR(
            opt,
            [lr_scheduler.LinearLR(opt, start_factor=start, total_iters=warmup), lr_scheduler.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=floor)],
            milestones=[warmup],
        ),
        total + 1,
        lr=peak,
    )
    ours = [cosine_with_warmup(t, total, peak, warmup, floor, start) for t in range(total + 1)]
    for t, (a, b) in enumerate(zip(ours, ref)):
        assert abs(a - b) <= 1e-9 * peak, f"cosine_with_warmup({t}) = {a}, torch SequentialLR gives {b} (total={total}, warmup={warmup})"
    assert abs(ours[warmup] - peak) < 1e-12 and abs(ours[total] - floor) < 1e-12

# without warm-up: CosineAnnealingLR alone; after total_steps ours holds min_lr (torch's would climb back up)
ref = torch_lrs(lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=30), 31, lr=0.1)
ours = [cosine_with_warmup(t, 30, 0.1) for t in range(31)]
assert max(abs(a - b) for a, b in zip(ours, ref)) < 1e-12
assert cosine_with_warmup(45, 30, 0.1) == 0.0
# the closed form at the midpoint: half the peak
assert abs(cosine_with_warmup(15, 30, 0.1) - 0.05) < 1e-15

for total, peak, pct in [(100, 0.1, 0.3), (37, 2.0, 0.25), (1000, 3e-4, 0.3)]:
    ref = torch_lrs(lambda opt: lr_scheduler.OneCycleLR(opt, max_lr=peak, total_steps=total, pct_start=pct), total, momentum=0.9)
    ours = [one_cycle(t, total, peak, pct) for t in range(total)]
    for t, (a, b) in enumerate(zip(ours, ref)):
        assert abs(a - b) <= 1e-9 * peak, f"one_cycle({t}) = {a}, torch OneCycleLR gives {b} (total={total})"
    # starts at max_lr / 25, peaks near max_lr after pct_start of the steps, ends at max_lr / (25 · 1e4)
    assert abs(ours[0] - peak / 25) < 1e-12 * peak and abs(max(ours) - peak) < 1e-2 * peak
    assert abs(ours.index(max(ours)) - pct * total) <= 1.5
    assert abs(ours[-1] - peak / 25e4) < 1e-12 * peak
