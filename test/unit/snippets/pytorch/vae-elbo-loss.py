# Check for dl-vae-loss: vae_loss(recon_logits, x, mu, log_var, beta=1.0) -> (loss, recon, kl)
import torch
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence

B, D, Z = 16, 20, 4
recon_logits = torch.randn(B, D, dtype=torch.float64, requires_grad=True)
x = torch.rand(B, D, dtype=torch.float64)
mu = torch.randn(B, Z, dtype=torch.float64, requires_grad=True)
log_var = torch.randn(B, Z, dtype=torch.float64, requires_grad=True)

loss, recon, kl = vae_loss(recon_logits, x, mu, log_var)
torch.testing.assert_close(recon, F.binary_cross_entropy_with_logits(recon_logits, x, reduction="sum") / B, msg="recon: BCE summed over features, mean over batch")
closed_form = 0.5 * (mu.pow(2) + log_var.exp() - 1 - log_var).sum() / B
torch.testing.assert_close(kl, closed_form, msg="KL differs from 0.5 * sum(mu^2 + sigma^2 - 1 - log sigma^2)")
q = Normal(mu, (0.5 * log_var).exp())
p = Normal(torch.zeros_like(mu), torch.ones_like(mu))
torch.testing.assert_close(kl, kl_divergence(q, p).sum(1).mean(), msg="KL differs from torch.distributions.kl_divergence")
torch.testing.assert_close(loss, recon + kl, msg="loss must be recon + kl with beta = 1")
loss_b, recon_b, kl_b = vae_loss(recon_logits, x, mu, log_var, beta=0.25)
torch.testing.assert_close(loss_b, recon + 0.25 * kl, msg="loss must be recon + beta * kl")
assert kl.item() > 0, "KL must be positive away from the prior"
_, _, kl0 = vae_loss(recon_logits, x, torch.zeros(B, Z), torch.zeros(B, Z))
assert abs(kl0.item()) < 1e-12, "KL must be 0 when q is the prior"

# image-shaped data, and gradients reach the decoder logits and the encoder outputs
img_logits = torch.randn(B, 1, 4, 5, dtype=torch.float64, requires_grad=True)
img = (torch.rand(B, 1, 4, 5, dtype=torch.float64) > 0.5).double()
loss_img, recon_img, _ = vae_loss(img_logits, img, mu, log_var)
torch.testing.assert_close(recon_img, F.binary_cross_entropy_with_logits(img_logits, img, reduction="sum") / B, msg="image-shaped recon")
loss_img.backward()
for name, t in (("recon_logits", img_logits), ("mu", mu), ("log_var", log_var)):
    assert t.grad is not None and t.grad.abs().sum() > 0, f"no gradient to {name}"
torch.testing.assert_close(mu.grad, mu.detach() / B, msg="dKL/dmu must be mu / B")
