# Check for dl-xavier: init_xavier(module) -> xavier_uniform_ weights, zero biases
import math
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Linear(1000, 1000),
    nn.Tanh(),
    nn.Sequential(nn.Linear(1000, 400)),  # nested: init must reach submodules
    nn.Conv2d(64, 128, kernel_size=3),
    nn.Linear(400, 10, bias=False),
)
with torch.no_grad():
    for p in model.parameters():
        p.fill_(0.5)  # make sure the initialization really overwrites everything
init_xavier(model)

layers = [(model[0], 1000, 1000), (model[2][0], 1000, 400), (model[3], 64 * 9, 128 * 9), (model[4], 400, 10)]
for layer, fan_in, fan_out in layers:
    w = layer.weight.detach().double()
    expected_var = 2.0 / (fan_in + fan_out)
    bound = math.sqrt(6.0 / (fan_in + fan_out))
    if w.numel() >= 50_000:  # enough samples for a 5% variance test
        ratio = w.var().item() / expected_var
        assert abs(ratio - 1) < 0.05, f"{layer}: Var(W) = {w.var().item():.3e}, expected 2/(fan_in+fan_out) = {expected_var:.3e}"
        assert abs(w.mean().item()) < 5 * math.sqrt(expected_var / w.numel()), f"{layer}: mean {w.mean().item()} not ~0"
        assert w.abs().max().item() > 0.99 * bound, f"{layer}: uniform weights should reach close to the bound {bound}"
    assert w.abs().max().item() <= bound + 1e-7, f"{layer}: |w| exceeds the Xavier uniform bound {bound}"
    if layer.bias is not None:
        assert (layer.bias == 0).all(), f"{layer}: bias must be zero"
