# Check for dl-batchnorm: BatchNorm1dFromScratch(num_features, eps=1e-5, momentum=0.1) == nn.BatchNorm1d
import torch
import torch.nn as nn


def paired(num_features, **kwargs):
    ours = BatchNorm1dFromScratch(num_features, **kwargs).double()
    ref = nn.BatchNorm1d(num_features, **kwargs).double()
    with torch.no_grad():
        ours.weight.copy_(torch.randn(num_features))
        ours.bias.copy_(torch.randn(num_features))
        ref.weight.copy_(ours.weight)
        ref.bias.copy_(ours.bias)
    return ours, ref


for kwargs, shape in (({}, (32, 8)), ({"eps": 1e-3, "momentum": 0.3}, (16, 8)), ({}, (4, 8, 10))):
    ours, ref = paired(8, **kwargs)
    label = f"{kwargs} input {shape}"
    for step in range(5):
        x = torch.randn(*shape, dtype=torch.float64) * 3 + torch.arange(8, dtype=torch.float64).view(1, 8, *([1] * (len(shape) - 2)))
        xa, xb = x.clone().requires_grad_(), x.clone().requires_grad_()
        ya, yb = ours(xa), ref(xb)
        torch.testing.assert_close(ya, yb, msg=f"{label}: train output differs from nn.BatchNorm1d at step {step}")
        g = torch.randn_like(ya)
        ya.backward(g)
        yb.backward(g)
        torch.testing.assert_close(xa.grad, xb.grad, msg=f"{label}: input gradient differs")
        torch.testing.assert_close(ours.weight.grad, ref.weight.grad, msg=f"{label}: weight gradient differs")
        torch.testing.assert_close(ours.running_mean, ref.running_mean, msg=f"{label}: running_mean differs at step {step}")
        torch.testing.assert_close(ours.running_var, ref.running_var, msg=f"{label}: running_var differs at step {step}")
    assert not torch.allclose(ours.running_mean, torch.zeros(8, dtype=torch.float64)), "running_mean never updated"
    ours.eval()
    ref.eval()
    x = torch.randn(*shape, dtype=torch.float64)
    torch.testing.assert_close(ours(x), ref(x), msg=f"{label}: eval output differs from nn.BatchNorm1d")
    mean_before = ours.running_mean.clone()
    torch.testing.assert_close(ours(x[:1]), ours(x)[:1], msg="eval output must not depend on the batch")
    assert torch.equal(ours.running_mean, mean_before), "eval mode must not update running statistics"

# train mode: each feature of the output has mean beta and std gamma over the batch
ours = BatchNorm1dFromScratch(4).double()
out = ours(torch.randn(500, 4, dtype=torch.float64) * 7 - 2)
torch.testing.assert_close(out.mean(0), torch.zeros(4, dtype=torch.float64), atol=1e-9, rtol=0, msg="batch mean must be 0")
torch.testing.assert_close(out.var(0, unbiased=False), torch.ones(4, dtype=torch.float64), atol=1e-5, rtol=0, msg="batch variance must be 1")
state = ours.state_dict()
assert {"running_mean", "running_var", "weight", "bias"} <= set(state), f"state_dict keys {sorted(state)}"
