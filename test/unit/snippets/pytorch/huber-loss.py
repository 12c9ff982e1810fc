# Check for dl-huber: huber_loss(pred, target, delta=1.0), mean reduction == F.huber_loss
import torch
import torch.nn.functional as F

pred = torch.randn(1000, dtype=torch.float64) * 3
target = torch.randn(1000, dtype=torch.float64)
err = (pred - target).abs()
assert (err < 0.5).any() and (err > 2).any(), "test data must cover both regimes"
for delta in (1.0, 0.5, 2.0):
    torch.testing.assert_close(huber_loss(pred, target, delta=delta), F.huber_loss(pred, target, delta=delta), msg=f"delta={delta}: differs from F.huber_loss")
torch.testing.assert_close(huber_loss(pred, target), F.huber_loss(pred, target, delta=1.0), msg="default delta must be 1.0")

# known values: |e| = 0.5 -> 0.125 (quadratic), |e| = 3 -> 2.5 (linear, delta = 1)
torch.testing.assert_close(huber_loss(torch.tensor([0.5]), torch.tensor([0.0])), torch.tensor(0.125))
torch.testing.assert_close(huber_loss(torch.tensor([-3.0]), torch.tensor([0.0])), torch.tensor(2.5))

# gradients match and are bounded by delta
p1 = pred.clone().requires_grad_()
p2 = pred.clone().requires_grad_()
huber_loss(p1, target, delta=0.7).backward()
F.huber_loss(p2, target, delta=0.7).backward()
torch.testing.assert_close(p1.grad, p2.grad, msg="gradient differs from F.huber_loss")
assert p1.grad.abs().max() <= 0.7 / 1000 + 1e-12, "gradient per element must be bounded by delta / N"

# any shape
a, b = torch.randn(4, 3, 5), torch.randn(4, 3, 5)
torch.testing.assert_close(huber_loss(a, b), F.huber_loss(a, b), msg="multi-dimensional inputs")
