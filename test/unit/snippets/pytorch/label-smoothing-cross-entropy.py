# Check for dl-label-smoothing: label_smoothing_cross_entropy(logits, target, smoothing=0.1)
import torch
import torch.nn.functional as F

logits = torch.randn(64, 10, dtype=torch.float64) * 3
target = torch.randint(0, 10, (64,))
for s in (0.0, 0.1, 0.25, 0.9):
    torch.testing.assert_close(
        label_smoothing_cross_entropy(logits, target, smoothing=s),
        F.cross_entropy(logits, target, label_smoothing=s),
        msg=f"smoothing={s}: differs from F.cross_entropy(label_smoothing={s})",
    )
torch.testing.assert_close(
    label_smoothing_cross_entropy(logits, target),
    F.cross_entropy(logits, target, label_smoothing=0.1),
    msg="default smoothing must be 0.1",
)
# gradients match too
a = logits.clone().requires_grad_()
b = logits.clone().requires_grad_()
label_smoothing_cross_entropy(a, target).backward()
F.cross_entropy(b, target, label_smoothing=0.1).backward()
torch.testing.assert_close(a.grad, b.grad, msg="gradient differs from F.cross_entropy(label_smoothing=0.1)")
# smoothing keeps the optimum away from infinite logits: the gradient is non-zero even for a confident correct prediction
confident = torch.full((1, 10), -20.0, dtype=torch.float64)
confident[0, 3] = 20.0
confident.requires_grad_()
label_smoothing_cross_entropy(confident, torch.tensor([3])).backward()
assert confident.grad.abs().max() > 0.05, "label smoothing should still push confident logits back"
