# Check for dl-ema: ema_update(target, online, tau=0.99)
import copy
import torch
import torch.nn as nn

online = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3)).double()
target = copy.deepcopy(online)
with torch.no_grad():
    for p in target.parameters():
        p.copy_(torch.randn_like(p))
online.train()
online(torch.randn(16, 4, dtype=torch.float64) * 3 + 1)  # moves the online running stats away from the target's

theta_t0 = [p.detach().clone() for p in target.parameters()]
theta_o = [p.detach().clone() for p in online.parameters()]
tau, k = 0.9, 7
for _ in range(k):
    ema_update(target, online, tau=tau)
for t, t0, o in zip(target.parameters(), theta_t0, theta_o):
    expected = tau ** k * t0 + (1 - tau ** k) * o
    torch.testing.assert_close(t.detach(), expected, msg="theta_t(k) != tau^k theta_t(0) + (1 - tau^k) theta_o")
for o, o0 in zip(online.parameters(), theta_o):
    assert torch.equal(o.detach(), o0), "ema_update must not change the online network"
for (name, t), o in zip(target.named_buffers(), online.buffers()):
    assert torch.equal(t, o), f"buffer {name} must be copied from the online network"

# the default tau is 0.99
t_before = [p.detach().clone() for p in target.parameters()]
ema_update(target, online)
for t, t0, o in zip(target.parameters(), t_before, theta_o):
    torch.testing.assert_close(t.detach(), 0.99 * t0 + 0.01 * o, msg="default tau must be 0.99")

# the update is not recorded by autograd, and the target stays a set of leaf parameters
for p in target.parameters():
    assert p.grad_fn is None and p.is_leaf, "ema_update must run under torch.no_grad()"

# tau = 0 copies the online network
ema_update(target, online, tau=0.0)
for t, o in zip(target.parameters(), online.parameters()):
    torch.testing.assert_close(t.detach(), o.detach(), msg="tau=0 must copy the online parameters")
