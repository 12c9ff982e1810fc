# Check for dl-loss-scale: DynamicLossScaler(init_scale, growth_factor, backoff_factor, growth_interval)
# against the update rule documented for torch.amp.GradScaler, with fp16 gradients that overflow or underflow (CPU).
import random
import torch

# fp16 and bf16 facts the note states
half, bf16 = torch.float16, torch.bfloat16
assert torch.tensor(2049.0, dtype=half).item() == 2048.0, "fp16 has 11 significant bits: 2049 rounds (to even) to 2048"
assert torch.tensor(2051.0, dtype=half).item() == 2052.0, "spacing between 2048 and 4096 is 2"
assert torch.tensor(1 + 2 ** -11, dtype=half).item() == 1.0 and torch.tensor(1 + 2 ** -10, dtype=half).item() > 1.0
assert torch.finfo(half).eps == 2 ** -10 and torch.finfo(half).max == 65504.0 and torch.finfo(half).tiny == 2 ** -14
assert torch.tensor(2 ** -24, dtype=half).item() == 2 ** -24, "smallest fp16 subnormal is 2^-24 (about 6.0e-8)"
assert torch.tensor(2 ** -25, dtype=half).item() == 0.0, "half of it rounds (to even) to zero"
assert torch.tensor(65519.0, dtype=half).item() == 65504.0 and torch.tensor(65520.0, dtype=half).isinf(), "overflow to inf from 65520"
assert torch.finfo(bf16).eps == 2 ** -7 and torch.finfo(bf16).max > 3.38e38 and torch.finfo(bf16).tiny == torch.finfo(torch.float32).tiny
assert torch.tensor(2049.0, dtype=bf16).item() == 2048.0 and torch.tensor(1e30, dtype=bf16).isfinite(), "bf16: fp32's range, 8 bits"


def reference_scales(flags, init, growth, backoff, interval):
    """The documented rule: skip and multiply by backoff_factor on inf/NaN; multiply by growth_factor after
    growth_interval consecutive unskipped steps (the counter restarts after either change)."""
    scale, tracker, out = init, 0, []
    for found_inf in flags:
        if found_inf:
            scale, tracker = scale * backoff, 0
        else:
            tracker += 1
            if tracker == interval:
                scale, tracker = scale * growth, 0
        out.append(scale)
    return out


# defaults are GradScaler's
s = DynamicLossScaler()
assert (s.scale, s.growth_factor, s.backoff_factor, s.growth_interval) == (65536.0, 2.0, 0.5, 2000)

# update() follows the rule on a random sequence of overflow flags, for the defaults and other settings
rng = random.Random(0)
for init, growth, backoff, interval in [(65536.0, 2.0, 0.5, 2000), (1024.0, 2.0, 0.5, 3), (8.0, 4.0, 0.25, 2)]:
    flags = [rng.random() < 0.2 for _ in range(5000)]
    s = DynamicLossScaler(init, growth, backoff, interval)
    got = []
    for f in flags:
        s.update(f)
        got.append(s.scale)
    assert got == reference_scales(flags, init, growth, backoff, interval), f"scale sequence differs ({init}, {growth}, {backoff}, {interval})"

# underflow: a true gradient of 2^-26 is 0 in an fp16 backward pass, but survives loss scaling and is restored exactly
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # fp32 master weights
x = torch.full((3,), 2 ** -13, dtype=half)  # fp16 activations


def tiny_loss():
    return (w.half() * x).float().sum() * 2 ** -13  # fp16 forward, fp32 loss: dloss/dw = 2^-26


tiny_loss().backward()
assert torch.equal(w.grad, torch.zeros(3)), "without scaling the fp16 gradient must underflow to 0"
w.grad = None
opt = torch.optim.SGD([w], lr=1.0)
s = DynamicLossScaler()
s.scale_loss(tiny_loss()).backward()
assert s.unscale_(opt) is False
assert torch.equal(w.grad, torch.full((3,), 2.0 ** -26)), "unscaled gradient must equal the exact 2^-26"

# overflow: gradient 4 per weight; 4 * scale in fp16 is inf until scale <= 2^13 (65536 is already inf in fp16)
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.5, momentum=0.9)
big = torch.full((3,), 4.0, dtype=half)
s = DynamicLossScaler(growth_interval=2)
stepped, scales, values, has_state = [], [], [], []
for _ in range(7):
    opt.zero_grad()
    s.scale_loss((w.half() * big).float().sum()).backward()
    stepped.append(s.step(opt))
    scales.append(s.scale)
    values.append(w.detach().clone())
    has_state.append(bool(opt.state[w]))
assert stepped == [False, False, False, True, True, False, True], stepped
assert scales == [2.0 ** 15, 2.0 ** 14, 2.0 ** 13, 2.0 ** 13, 2.0 ** 14, 2.0 ** 13, 2.0 ** 13], scales
assert all(torch.equal(v, torch.tensor([1.0, 2.0, 3.0])) for v in values[:3]), "skipped steps must leave the weights alone"
assert has_state[:4] == [False, False, False, True], "a skipped step must not touch the optimizer (no momentum buffer)"
torch.testing.assert_close(values[3], torch.tensor([1.0, 2.0, 3.0]) - 0.5 * 4.0, msg="first real step uses the true gradient 4")
torch.testing.assert_close(values[4], values[3] - 0.5 * (0.9 * 4.0 + 4.0), msg="second step: SGD with momentum on the true gradient")
assert torch.equal(values[5], values[4]), "the overflow after growing the scale is skipped too"

# NaN counts as an overflow; a parameter without a gradient is ignored
a = torch.zeros(2, requires_grad=True)
b = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([a, b], lr=0.1)
a.grad = torch.tensor([float("nan"), 1.0])
s = DynamicLossScaler(init_scale=4.0)
assert s.step(opt) is False and s.scale == 2.0 and torch.equal(a.detach(), torch.zeros(2))
