# Check for dl-diffusion: noise_schedule (linear, cosine), q_sample and the epsilon-prediction diffusion_loss
import math
import torch

betas, abar = noise_schedule()  # defaults: T = 1000, linear
assert betas.shape == abar.shape == (1000,) and betas.dtype == abar.dtype == torch.float32
torch.testing.assert_close(betas[[0, -1]], torch.tensor([1e-4, 0.02]))
torch.testing.assert_close(betas[1] - betas[0], torch.tensor(0.0199 / 999), msg="linear steps")
b64 = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)
ref = torch.tensor([math.prod(1 - b for b in b64[: t + 1].tolist()) for t in (0, 9, 99, 499, 999)], dtype=torch.float64)
torch.testing.assert_close(abar[[0, 9, 99, 499, 999]].double(), ref, rtol=1e-5, atol=1e-9, msg="alphas_cumprod = running product")
assert abs(abar[0].item() - (1 - 1e-4)) < 1e-7
assert 3e-5 < abar[-1].item() < 5e-5, f"abar_T = {abar[-1].item():.2e}: x_T is nearly pure noise (about 4e-5)"
assert (abar[1:] < abar[:-1]).all(), "signal decays monotonically"

# cosine: alpha_bar(t) = f(t)/f(0) exactly wherever beta was not clipped
T = 200
betas_c, abar_c = noise_schedule(T, kind='cosine')
f = lambda t: math.cos((t / T + 0.008) / 1.008 * math.pi / 2) ** 2
closed = torch.tensor([f(t + 1) / f(0) for t in range(T)], dtype=torch.float64)
clipped = betas_c >= 0.999
assert clipped.sum() == 1 and clipped[-1], "only the last beta is clipped at 0.999 for T = 200"
torch.testing.assert_close(abar_c[:-1].double(), closed[:-1], rtol=1e-5, atol=1e-7, msg="cosine alphas_cumprod")
torch.testing.assert_close(abar_c[T // 2].double(), torch.tensor(f(T // 2 + 1) / f(0), dtype=torch.float64), rtol=1e-5, atol=0)
assert betas_c.max() <= 0.999 and abs(1 - abar_c[0].item() - betas_c[0].item()) < 1e-7

# q_sample: the closed form, and Var(x_t) = abar + (1 - abar) = 1 for unit-variance data
x0 = torch.randn(20000, 2)
t = torch.randint(0, 1000, (20000,))
noise = torch.randn_like(x0)
xt = q_sample(x0, t, noise, abar)
a = abar[t].unsqueeze(1)
torch.testing.assert_close(xt, a.sqrt() * x0 + (1 - a).sqrt() * noise)
for t_fixed in (0, 250, 999):
    xt = q_sample(x0, torch.full((20000,), t_fixed), torch.randn_like(x0), abar)
    assert abs(xt.var().item() - 1) < 0.03, f"Var(x_t) at t = {t_fixed}: {xt.var().item():.3f}"
    corr = (xt * x0).mean().item()  # = sqrt(abar_t) for unit-variance x0
    assert abs(corr - abar[t_fixed].sqrt().item()) < 0.03, f"E[x_t x_0] at t = {t_fixed}"
img = torch.randn(8, 3, 4, 4)
out = q_sample(img, torch.arange(8) * 100, torch.zeros_like(img), abar)
torch.testing.assert_close(out, abar[torch.arange(8) * 100].sqrt().view(8, 1, 1, 1) * img, msg="broadcast over image dims")

# loss: a model that returns zeros scores E||eps||^2 / d = 1; an oracle that knows x_0 scores 0
c = torch.tensor([0.5, -1.5])
x0 = c.expand(4096, 2)
seen_t = []


def oracle(x_t, t):
    seen_t.append(t)
    a = abar[t].unsqueeze(1)
    return (x_t - a.sqrt() * c) / (1 - a).sqrt()


assert diffusion_loss(oracle, x0, abar).item() < 1e-6, "an exact noise predictor has zero loss"
t_used = seen_t[0]
assert t_used.dtype == torch.int64 and t_used.min() >= 0 and t_used.max() <= 999 and t_used.unique().numel() > 900
assert abs(diffusion_loss(lambda x_t, t: torch.zeros_like(x_t), x0, abar).item() - 1) < 0.05
# gradients reach the model
net = torch.nn.Linear(3, 2)
diffusion_loss(lambda x_t, t: net(torch.cat([x_t, t.unsqueeze(1).float() / 1000], 1)), torch.randn(64, 2), abar).backward()
assert net.weight.grad is not None and net.weight.grad.abs().sum() > 0
