# Check for dl-adam: AdamFromScratch(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8) == torch.optim.Adam
import copy
import torch
import torch.nn as nn

x = torch.randn(64, 5, dtype=torch.float64)
y = torch.randn(64, 1, dtype=torch.float64)


def compare(make_ours, make_ref, steps=25, label=""):
    model = nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 1)).double()
    twin = copy.deepcopy(model)
    ours, ref = make_ours(model), make_ref(twin)
    for step in range(steps):
        for m, opt in ((model, ours), (twin, ref)):
            opt.zero_grad()
            ((m(x) - y) ** 2).mean().backward()
            opt.step()
        for (name, p), q in zip(model.named_parameters(), twin.parameters()):
            torch.testing.assert_close(p, q, rtol=1e-9, atol=1e-12, msg=f"{label}: {name} differs from torch.optim.Adam after step {step + 1}")


compare(lambda m: AdamFromScratch(m.parameters()), lambda m: torch.optim.Adam(m.parameters()), label="defaults")
compare(lambda m: AdamFromScratch(m.parameters(), lr=1e-2), lambda m: torch.optim.Adam(m.parameters(), lr=1e-2), label="lr=1e-2")
compare(
    lambda m: AdamFromScratch(m.parameters(), lr=3e-2, betas=(0.8, 0.99), eps=1e-3),
    lambda m: torch.optim.Adam(m.parameters(), lr=3e-2, betas=(0.8, 0.99), eps=1e-3),
    label="betas=(0.8, 0.99), eps=1e-3",
)
compare(
    lambda m: AdamFromScratch([{"params": m[0].parameters(), "lr": 1e-1}, {"params": m[2].parameters()}], lr=1e-2),
    lambda m: torch.optim.Adam([{"params": m[0].parameters(), "lr": 1e-1}, {"params": m[2].parameters()}], lr=1e-2),
    label="param groups",
)

# the first step moves every weight by ~lr (bias-corrected m_hat / sqrt(v_hat) = sign(g))
w = torch.randn(100, dtype=torch.float64, requires_grad=True)
opt = AdamFromScratch([w], lr=0.01)
before = w.detach().clone()
(w * torch.randn(100, dtype=torch.float64)).sum().backward()
opt.step()
torch.testing.assert_close((before - w.detach()).abs(), torch.full((100,), 0.01, dtype=torch.float64), rtol=1e-5, atol=0, msg="first step must be ~lr per weight (bias correction)")

# closure is supported; parameters without gradients are left alone
a = torch.randn(3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
a0, b0 = a.detach().clone(), b.detach().clone()
opt = AdamFromScratch([a, b], lr=0.1)


def closure():
    opt.zero_grad()
    loss = (a ** 2).sum()
    loss.backward()
    return loss


loss = opt.step(closure)
assert loss is not None and abs(loss.item() - a0.pow(2).sum().item()) < 1e-6, "step(closure) must return the closure's loss"
assert not torch.equal(a.detach(), a0), "step(closure) must update the parameters"
assert torch.equal(b.detach(), b0), "a parameter without grad must not move"
