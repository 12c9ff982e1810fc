# Check for dl-he: init_he(module) -> kaiming_normal_(fan_in, relu) weights, zero biases
import math
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Linear(1000, 1000),
    nn.ReLU(),
    nn.Linear(250, 1000),  # fan_in 250 != fan_out 1000: tells fan_in from fan_out mode
    nn.ReLU(),
    nn.Sequential(nn.Conv2d(32, 64, kernel_size=3)),
)
with torch.no_grad():
    for p in model.parameters():
        p.fill_(0.5)
init_he(model)

for layer, fan_in in ((model[0], 1000), (model[2], 250), (model[4][0], 32 * 9)):
    w = layer.weight.detach().double().flatten()
    expected_var = 2.0 / fan_in
    ratio = w.var().item() / expected_var
    assert abs(ratio - 1) < 0.05, f"{layer}: Var(W) = {w.var().item():.3e}, expected 2/fan_in = {expected_var:.3e}"
    assert abs(w.mean().item()) < 5 * math.sqrt(expected_var / w.numel()), f"{layer}: mean {w.mean().item()} not ~0"
    assert (layer.bias == 0).all(), f"{layer}: bias must be zero"
    if w.numel() >= 250_000:
        kurtosis = ((w - w.mean()) ** 4).mean().item() / w.var().item() ** 2
        assert abs(kurtosis - 3) < 0.1, f"{layer}: kurtosis {kurtosis:.3f}, a normal distribution has 3"

# ReLU keeps the signal's second moment roughly constant through a deep He-initialized stack
deep = nn.Sequential(*[m for _ in range(10) for m in (nn.Linear(512, 512), nn.ReLU())])
init_he(deep)
x = torch.randn(2000, 512)
with torch.no_grad():
    h = deep(x)
ratio = h.pow(2).mean().item() / x.pow(2).mean().item()
assert 0.5 < ratio < 2.0, f"second moment ratio after 10 ReLU layers is {ratio:.3f}; He init should keep it near 1"
