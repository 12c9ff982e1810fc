# Check for dl-weight-decay: l2_penalty == weight_decay= in SGD and Adam; decoupled_weight_decay_ + Adam == AdamW
import copy
import torch
import torch.nn as nn

x = torch.randn(64, 5, dtype=torch.float64)
y = torch.randn(64, 1, dtype=torch.float64)
base = nn.Sequential(nn.Linear(5, 8), nn.LayerNorm(8), nn.Tanh(), nn.Linear(8, 1)).double()
data_loss = lambda m: ((m(x) - y) ** 2).mean()


def run(make_opt, loss_of, steps, before_step=None):
    model = copy.deepcopy(base)
    opt = make_opt(model)
    for _ in range(steps):
        opt.zero_grad()
        loss_of(model).backward()
        if before_step:
            before_step(model, opt)
        opt.step()
    return model


def same(a, b, label, same=True):
    for (name, p), q in zip(a.named_parameters(), b.parameters()):
        if same:
            torch.testing.assert_close(p, q, rtol=1e-10, atol=1e-12, msg=f"{label}: {name}")
        elif not torch.allclose(p, q, rtol=1e-6, atol=1e-9):
            return
    if not same:
        raise AssertionError(f"{label}: expected the two to differ")


lam = 0.05
penalized = lambda m: data_loss(m) + l2_penalty(m.parameters(), lam)
decay = lambda lr: lambda m, opt: decoupled_weight_decay_(m.parameters(), lr, lam)

# the penalty's value is (λ/2)·Σ‖w‖²
w = [torch.randn(3, 4, dtype=torch.float64), torch.randn(5, dtype=torch.float64)]
assert abs(l2_penalty(w, 0.3).item() - 0.15 * sum((t ** 2).sum().item() for t in w)) < 1e-12

# L2 penalty in the loss == weight_decay= of torch.optim.SGD (with momentum) and torch.optim.Adam, step by step
for steps in (1, 25):
    same(run(lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9), penalized, steps),
         run(lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9, weight_decay=lam), data_loss, steps), f"SGD L2, {steps} steps")
    same(run(lambda m: torch.optim.Adam(m.parameters(), lr=0.01), penalized, steps),
         run(lambda m: torch.optim.Adam(m.parameters(), lr=0.01, weight_decay=lam), data_loss, steps), f"Adam L2, {steps} steps")

# decoupled decay before Adam's step == torch.optim.AdamW, for one step and many
for steps in (1, 25):
    same(run(lambda m: torch.optim.Adam(m.parameters(), lr=0.01), data_loss, steps, before_step=decay(0.01)),
         run(lambda m: torch.optim.AdamW(m.parameters(), lr=0.01, weight_decay=lam), data_loss, steps), f"AdamW, {steps} steps")

# plain SGD: L2 and decoupled decay are the same update; with momentum or Adam they are not
same(run(lambda m: torch.optim.SGD(m.parameters(), lr=0.05), penalized, 10),
     run(lambda m: torch.optim.SGD(m.parameters(), lr=0.05), data_loss, 10, before_step=decay(0.05)), "plain SGD: L2 == decoupled")
same(run(lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9), penalized, 10),
     run(lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9), data_loss, 10, before_step=decay(0.05)), "momentum: L2 vs decoupled", same=False)
same(run(lambda m: torch.optim.Adam(m.parameters(), lr=0.01), penalized, 10),
     run(lambda m: torch.optim.AdamW(m.parameters(), lr=0.01, weight_decay=lam), data_loss, 10), "Adam L2 vs AdamW", same=False)

# one decoupled step on its own shrinks every weight by exactly 1 − lr·λ
t = torch.randn(4, 4, dtype=torch.float64)
t0 = t.clone()
decoupled_weight_decay_([t], lr=0.1, weight_decay=0.5)
torch.testing.assert_close(t, t0 * 0.95, rtol=1e-15, atol=0)

# parameter groups: Linear weights decay, biases and LayerNorm parameters do not
groups = param_groups(base, 0.1)
decayed = {id(p) for p in groups[0]["params"]}
assert decayed == {id(base[0].weight), id(base[3].weight)}, "only the two weight matrices decay"
assert {id(p) for p in groups[1]["params"]} == {id(base[0].bias), id(base[1].weight), id(base[1].bias), id(base[3].bias)}
assert groups[0]["weight_decay"] == 0.1 and groups[1]["weight_decay"] == 0.0
opt = torch.optim.AdamW(param_groups(base, 0.1), lr=1e-3)  # accepted by a real optimizer
assert len(opt.param_groups) == 2
