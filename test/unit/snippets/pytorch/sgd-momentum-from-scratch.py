# Check for dl-sgd: SGDMomentum == torch.optim.SGD step by step (momentum, Nesterov, dampening, weight decay, groups)
import copy
import torch
import torch.nn as nn

x = torch.randn(64, 5, dtype=torch.float64)
y = torch.randn(64, 1, dtype=torch.float64)


def compare(make_ours, make_ref, steps=30, label=""):
    model = nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 1)).double()
    twin = copy.deepcopy(model)
    ours, ref = make_ours(model), make_ref(twin)
    for step in range(steps):
        for m, opt in ((model, ours), (twin, ref)):
            opt.zero_grad()
            ((m(x) - y) ** 2).mean().backward()
            opt.step()
        for (name, p), q in zip(model.named_parameters(), twin.parameters()):
            torch.testing.assert_close(p, q, rtol=1e-10, atol=1e-12, msg=f"{label}: {name} differs from torch.optim.SGD after step {step + 1}")


compare(lambda m: SGDMomentum(m.parameters()), lambda m: torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9), label="defaults")
compare(lambda m: SGDMomentum(m.parameters(), lr=0.05, momentum=0.0), lambda m: torch.optim.SGD(m.parameters(), lr=0.05), label="plain SGD")
compare(lambda m: SGDMomentum(m.parameters(), lr=0.02, nesterov=True), lambda m: torch.optim.SGD(m.parameters(), lr=0.02, momentum=0.9, nesterov=True), label="Nesterov")
compare(
    lambda m: SGDMomentum(m.parameters(), lr=0.03, momentum=0.8, dampening=0.5, weight_decay=1e-2),
    lambda m: torch.optim.SGD(m.parameters(), lr=0.03, momentum=0.8, dampening=0.5, weight_decay=1e-2),
    label="dampening and weight decay",
)
compare(
    lambda m: SGDMomentum([{"params": m[0].parameters(), "lr": 0.1, "nesterov": True}, {"params": m[2].parameters()}], lr=0.01, momentum=0.95),
    lambda m: torch.optim.SGD([{"params": m[0].parameters(), "lr": 0.1, "nesterov": True}, {"params": m[2].parameters()}], lr=0.01, momentum=0.95),
    label="param groups",
)

# classical velocity form (Sutskever et al., Keras): v ← μv − lr·g, θ ← θ + v: the same path for a constant lr
w = torch.randn(7, dtype=torch.float64, requires_grad=True)
A = torch.randn(7, 7, dtype=torch.float64)
H = A @ A.T / 7 + 0.1 * torch.eye(7, dtype=torch.float64)
theta, v = w.detach().clone(), torch.zeros(7, dtype=torch.float64)
opt = SGDMomentum([w], lr=0.05, momentum=0.9)
for _ in range(40):
    opt.zero_grad()
    (0.5 * w @ H @ w).backward()
    opt.step()
    v = 0.9 * v - 0.05 * (H @ theta)
    theta = theta + v
torch.testing.assert_close(w.detach(), theta, rtol=1e-10, atol=1e-12, msg="buffer form != classical velocity form at constant lr")

# a constant gradient g: the step grows to lr·g/(1 − μ), ten plain steps at μ = 0.9
p = torch.zeros(3, dtype=torch.float64, requires_grad=True)
g = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
opt = SGDMomentum([p], lr=0.1, momentum=0.9)
for _ in range(300):
    before = p.detach().clone()
    opt.zero_grad()
    (p * g).sum().backward()
    opt.step()
torch.testing.assert_close(before - p.detach(), 0.1 * g / (1 - 0.9), rtol=1e-9, atol=0, msg="effective step lr/(1 - momentum)")

# Nesterov without momentum is rejected, as by torch.optim.SGD
try:
    SGDMomentum([p], momentum=0.0, nesterov=True)
    raise AssertionError("nesterov=True with momentum=0 should raise")
except ValueError:
    pass

# closure is supported; parameters without gradients are left alone
a = torch.randn(3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
a0, b0 = a.detach().clone(), b.detach().clone()
opt = SGDMomentum([a, b], lr=0.1)


def closure():
    opt.zero_grad()
    loss = (a ** 2).sum()
    loss.backward()
    return loss


loss = opt.step(closure)
assert loss is not None and abs(loss.item() - a0.pow(2).sum().item()) < 1e-6
assert not torch.equal(a.detach(), a0) and torch.equal(b.detach(), b0)
