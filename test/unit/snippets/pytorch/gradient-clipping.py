# Check for dl-clip-grad: clip_grad_norm(parameters, max_norm=1.0) == torch.nn.utils.clip_grad_norm_
import copy
import torch
import torch.nn as nn

x = torch.randn(32, 10)


def models_with_grads(scale):
    """Two identical models with identical gradients (deepcopy does not copy .grad)."""
    model = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 3))
    twin = copy.deepcopy(model)
    for m in (model, twin):
        (m(x).pow(2).sum() * scale).backward()
    return model, twin


for scale, max_norm in ((100.0, 1.0), (100.0, 0.5), (1e-4, 1.0), (5.0, 3.0)):
    ours, ref = models_with_grads(scale)
    grads_before = [p.grad.clone() for p in ours.parameters()]
    total = clip_grad_norm(ours.parameters(), max_norm=max_norm)
    ref_total = torch.nn.utils.clip_grad_norm_(ref.parameters(), max_norm)
    torch.testing.assert_close(torch.as_tensor(total).float(), ref_total, msg=f"scale={scale}, max_norm={max_norm}: returned norm differs")
    true_norm = torch.cat([g.flatten() for g in grads_before]).norm()
    torch.testing.assert_close(torch.as_tensor(total).float(), true_norm, msg="returned norm must be the pre-clipping global norm")
    for (name, p), q in zip(ours.named_parameters(), ref.parameters()):
        torch.testing.assert_close(p.grad, q.grad, msg=f"scale={scale}, max_norm={max_norm}: clipped grad of {name} differs")
    new_norm = torch.cat([p.grad.flatten() for p in ours.parameters()]).norm().item()
    if true_norm > max_norm:
        assert abs(new_norm - max_norm) < 1e-3 * max_norm, f"clipped norm {new_norm}, expected {max_norm}"
    else:
        for p, g in zip(ours.parameters(), grads_before):
            torch.testing.assert_close(p.grad, g, msg="gradients below max_norm must be unchanged")

# default max_norm = 1.0; parameters without gradients are skipped; a single tensor is accepted
ours, ref = models_with_grads(100.0)
ours[2].bias.grad = None
ref[2].bias.grad = None
total = clip_grad_norm(list(ours.parameters()))
ref_total = torch.nn.utils.clip_grad_norm_(list(ref.parameters()), 1.0)
torch.testing.assert_close(torch.as_tensor(total).float(), ref_total, msg="default max_norm must be 1.0")
assert ours[2].bias.grad is None
w = nn.Parameter(torch.ones(4))
w.grad = torch.full((4,), 3.0)
torch.testing.assert_close(torch.as_tensor(clip_grad_norm(w)).float(), torch.tensor(6.0), msg="single tensor: norm of [3, 3, 3, 3]")
torch.testing.assert_close(w.grad, torch.full((4,), 0.5), rtol=1e-5, atol=1e-6, msg="single tensor: clipped to norm 1")
