# Check for dl-gan: discriminator_loss, generator_loss (non-saturating) and the WGAN-GP gradient_penalty
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

real_logits = torch.randn(64, 1, dtype=torch.float64) * 3
fake_logits = torch.randn(64, 1, dtype=torch.float64) * 3
sig = torch.sigmoid

# closed forms: -mean log sigma(l_r) - mean log(1 - sigma(l_f)); -mean log sigma(l_f)
d_ref = -(sig(real_logits).log().mean() + (1 - sig(fake_logits)).log().mean())
torch.testing.assert_close(discriminator_loss(real_logits, fake_logits), d_ref, msg="discriminator loss")
torch.testing.assert_close(generator_loss(fake_logits), -sig(fake_logits).log().mean(), msg="generator loss")
zero = torch.zeros(8, 1, dtype=torch.float64)  # D(x) = 1/2 everywhere: the optimum once p_g = p_data
torch.testing.assert_close(discriminator_loss(zero, zero), torch.tensor(2 * math.log(2), dtype=torch.float64), msg="2 log 2 at D = 1/2")
torch.testing.assert_close(generator_loss(zero), torch.tensor(math.log(2), dtype=torch.float64), msg="log 2 at D = 1/2")
# finite where the naive log(sigmoid) overflows
extreme = torch.tensor([[-200.0], [200.0]])
assert torch.isfinite(discriminator_loss(-extreme, extreme)) and abs(generator_loss(torch.tensor([[-200.0]])).item() - 200.0) < 1e-3

# non-saturating vs saturating gradient at a confidently rejected fake (logit -8): d/dl of each, per example
l = torch.full((4, 1), -8.0, dtype=torch.float64, requires_grad=True)
(g_ns,) = torch.autograd.grad(generator_loss(l), l)
(g_sat,) = torch.autograd.grad(-F.softplus(l).mean(), l)  # minimax generator: minimize log(1 - D) = -softplus(l)
torch.testing.assert_close(g_ns, -(1 - sig(l.detach())) / 4, msg="d(-log sigma(l))/dl = -(1 - sigma(l))")
torch.testing.assert_close(g_sat, -sig(l.detach()) / 4, msg="d log(1 - sigma(l))/dl = -sigma(l)")
assert g_ns.abs().min() > 1000 * g_sat.abs().max(), "the saturating gradient is ~e^8 times smaller"

# gradient penalty: a linear critic w.x + b has gradient w everywhere
real = torch.randn(32, 3, 4, 4, dtype=torch.float64)
fake = torch.randn(32, 3, 4, 4, dtype=torch.float64)


def linear_critic(norm):
    w = torch.randn(3 * 4 * 4, dtype=torch.float64)
    w = (w / w.norm() * norm).requires_grad_(True)
    return w, lambda x: x.flatten(1) @ w + 0.3


w, critic = linear_critic(1.0)
gp = gradient_penalty(critic, real, fake)
assert gp.item() < 1e-20, f"a 1-Lipschitz linear critic (unit-norm weight) has zero penalty, got {gp.item()}"
w, critic = linear_critic(2.5)
gp = gradient_penalty(critic, real, fake)
torch.testing.assert_close(gp, torch.tensor(10.0 * 1.5 ** 2, dtype=torch.float64), msg="penalty = 10 (||w|| - 1)^2")
torch.testing.assert_close(gradient_penalty(critic, real, fake, weight=1.0), torch.tensor(2.25, dtype=torch.float64))
(dw,) = torch.autograd.grad(gp, w)  # double backpropagation reaches the critic's weights
torch.testing.assert_close(dw, 2 * 10.0 * (2.5 - 1) * w.detach() / 2.5, msg="d/dw 10 (||w|| - 1)^2")

# a non-linear critic 0.5 ||x||^2 has gradient x; with real == fake the interpolate is the sample itself
x = torch.randn(16, 5, dtype=torch.float64)
gp = gradient_penalty(lambda v: 0.5 * v.pow(2).sum(1), x, x)
torch.testing.assert_close(gp, 10.0 * (x.norm(dim=1) - 1).pow(2).mean(), msg="penalty with the gradient x")

# interpolates lie on the segment: a critic that is linear along real - fake sees every eps in [0, 1)
seen = []
gradient_penalty(lambda v: (seen.append(v.detach()) or v.sum(1)), torch.ones(2000, 2), torch.zeros(2000, 2))
eps = seen[0][:, 0]
assert torch.equal(seen[0][:, 0], seen[0][:, 1]), "one eps per example, shared by its features"
assert eps.min() >= 0 and eps.max() < 1 and abs(eps.mean().item() - 0.5) < 0.03, "eps ~ U[0, 1)"

# works inside a training step: the generator's graph is not touched, the critic gets gradients
G, D = nn.Linear(2, 6), nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 1))
fake = G(torch.randn(10, 2))
loss = D(fake.detach()).mean() - D(torch.randn(10, 6)).mean() + gradient_penalty(D, torch.randn(10, 6), fake)
loss.backward()
assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in D.parameters())
assert all(p.grad is None for p in G.parameters()), "the critic loss must not reach the generator"
