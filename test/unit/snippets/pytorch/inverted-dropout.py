# Check for dl-dropout: inverted_dropout(x, p=0.5, training=True)
import torch

x = torch.rand(1000, 1000, dtype=torch.float64) + 0.5  # strictly positive, so zeros mean "dropped"
p = 0.3
y = inverted_dropout(x, p=p)
kept = y != 0
keep_rate = kept.double().mean().item()
assert abs(keep_rate - (1 - p)) < 0.003, f"keep rate {keep_rate:.4f}, expected {1 - p}"
torch.testing.assert_close(y[kept], x[kept] / (1 - p), msg="kept units must be scaled by 1/(1-p)")
ratio = (y / x).mean().item()
assert abs(ratio - 1) < 0.005, f"E[y/x] = {ratio:.4f}, inverted dropout must preserve the expectation"

# default p = 0.5 and expectation on a constant input
ones = torch.ones(1_000_000, dtype=torch.float64)
y_default = inverted_dropout(ones)
assert abs((y_default == 0).double().mean().item() - 0.5) < 0.003, "default p must be 0.5"
assert abs(y_default.mean().item() - 1) < 0.005, f"mean {y_default.mean().item():.4f}, expected 1"
torch.testing.assert_close(y_default[y_default != 0], torch.full_like(y_default[y_default != 0], 2.0), msg="scale 1/(1-0.5) = 2")

# identity in eval mode and with p = 0
assert torch.equal(inverted_dropout(x, p=p, training=False), x), "eval mode must be the identity"
assert torch.equal(inverted_dropout(x, p=0.0), x), "p=0 must be the identity"

# fresh masks each call
assert not torch.equal(inverted_dropout(x, p=p) != 0, kept), "each call must draw a new mask"

# gradient is mask / (1 - p)
xg = x[:100].clone().requires_grad_()
yg = inverted_dropout(xg, p=p)
yg.sum().backward()
torch.testing.assert_close(xg.grad, (yg != 0).double() / (1 - p), msg="gradient must be mask / (1 - p)")
