# Check for dl-reparam: reparameterize(mu, log_var) -> mu + exp(log_var / 2) * eps
import math
import torch

mu = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
log_var = torch.tensor([0.0, math.log(4.0), math.log(0.25)], dtype=torch.float64)
n = 200_000
z = reparameterize(mu.expand(n, 3), log_var.expand(n, 3))
assert tuple(z.shape) == (n, 3)
var = log_var.exp()
mean_err = (z.mean(0) - mu).abs()
assert (mean_err < 5 * (var / n).sqrt()).all(), f"sample mean {z.mean(0).tolist()} vs mu {mu.tolist()}"
ratio = z.var(0) / var
assert ((ratio - 1).abs() < 0.02).all(), f"sample variance ratio {ratio.tolist()}, expected 1"
std_z = (z - mu) / var.sqrt()
kurtosis = std_z.pow(4).mean(0)
assert ((kurtosis - 3).abs() < 0.1).all(), f"kurtosis {kurtosis.tolist()}: samples must be Gaussian"
assert not torch.equal(reparameterize(mu, log_var), reparameterize(mu, log_var)), "each call must draw new noise"

# pathwise gradients: dz/dmu = 1, dz/dlog_var = 0.5 * (z - mu)
mu_g = mu.expand(1000, 3).clone().requires_grad_()
lv_g = log_var.expand(1000, 3).clone().requires_grad_()
z = reparameterize(mu_g, lv_g)
z.sum().backward()
torch.testing.assert_close(mu_g.grad, torch.ones(1000, 3, dtype=torch.float64), msg="dz/dmu must be 1")
torch.testing.assert_close(lv_g.grad, 0.5 * (z.detach() - mu_g.detach()), msg="dz/dlog_var must be 0.5 * sigma * eps")

# a Monte-Carlo gradient of E[z^2] = mu^2 + sigma^2 matches the exact gradient (2 mu, sigma^2)
m = torch.tensor([0.7], dtype=torch.float64, requires_grad=True)
lv = torch.tensor([math.log(2.0)], dtype=torch.float64, requires_grad=True)
reparameterize(m.expand(n), lv.expand(n)).pow(2).mean().backward()
assert abs(m.grad.item() - 1.4) < 0.03, f"d E[z^2]/d mu = {m.grad.item():.4f}, expected 1.4"
assert abs(lv.grad.item() - 2.0) < 0.05, f"d E[z^2]/d log_var = {lv.grad.item():.4f}, expected 2.0"
