# Check for dl-coupling: AffineCoupling(dim, hidden=64) forward(x) -> (y, log_det), inverse(y) -> x
import torch

for dim, kwargs in ((6, {}), (5, {"hidden": 16}), (6, {"flip": True})):
    layer = AffineCoupling(dim, **kwargs).double()
    with torch.no_grad():  # make the scale and shift clearly non-trivial
        for p in layer.parameters():
            p.mul_(3)
    x = torch.randn(16, dim, dtype=torch.float64)
    y, log_det = layer(x)
    assert tuple(y.shape) == (16, dim) and tuple(log_det.shape) == (16,), f"shapes {tuple(y.shape)}, {tuple(log_det.shape)}"
    torch.testing.assert_close(layer.inverse(y), x, msg=f"dim={dim} {kwargs}: inverse(forward(x)) != x")
    unchanged = (y == x).all(0).sum().item()
    assert unchanged == dim // 2 or unchanged == dim - dim // 2, f"half of the dims must pass through, got {unchanged} of {dim}"
    assert unchanged < dim and log_det.abs().max() > 1e-3, "the other half must be transformed"
    for i in range(4):
        J = torch.autograd.functional.jacobian(lambda v: layer(v.unsqueeze(0))[0].squeeze(0), x[i])
        torch.testing.assert_close(log_det[i], torch.logdet(J), msg=f"log_det differs from logdet of the Jacobian (sample {i})")

# layers with and without flip transform complementary halves; the stack is invertible
a, b = AffineCoupling(6).double(), AffineCoupling(6, flip=True).double()
x = torch.randn(8, 6, dtype=torch.float64)
ya, lda = a(x)
yb, ldb = b(ya)
untouched_a = (ya == x).all(0)
untouched_b = (yb == ya).all(0)
assert not (untouched_a & untouched_b).any(), "flip=True must transform the dims the first layer kept"
torch.testing.assert_close(a.inverse(b.inverse(yb)), x, msg="stacked inverse")

# log-likelihood gradients reach every parameter
layer = AffineCoupling(6)
z, ld = layer(torch.randn(32, 6))
(-(-0.5 * z.pow(2).sum(1) + ld).mean()).backward()
for name, p in layer.named_parameters():
    assert p.grad is not None and torch.isfinite(p.grad).all() and p.grad.abs().sum() > 0, f"no gradient for {name}"
