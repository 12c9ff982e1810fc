# Check for dl-conv2d: conv2d_explicit(x, weight, bias=None, stride=1, padding=0) == F.conv2d
import torch
import torch.nn.functional as F

cases = [
    # (N, C_in, H, W, C_out, kernel, stride, padding, bias)
    (2, 3, 8, 8, 4, (3, 3), 1, 0, True),
    (2, 3, 9, 7, 5, (3, 3), 2, 1, True),
    (1, 2, 10, 11, 3, (3, 2), (2, 1), (1, 2), False),
    (3, 4, 6, 6, 2, (1, 1), 1, 0, True),
    (1, 1, 5, 5, 1, (5, 5), 1, 2, False),
    (2, 3, 12, 12, 6, (4, 4), 3, 0, True),
]
for n, c_in, h, w, c_out, kernel, stride, padding, has_bias in cases:
    x = torch.randn(n, c_in, h, w, dtype=torch.float64, requires_grad=True)
    weight = torch.randn(c_out, c_in, *kernel, dtype=torch.float64, requires_grad=True)
    bias = torch.randn(c_out, dtype=torch.float64, requires_grad=True) if has_bias else None
    case = f"x{tuple(x.shape)} w{tuple(weight.shape)} stride={stride} padding={padding} bias={has_bias}"
    ours = conv2d_explicit(x, weight, bias, stride=stride, padding=padding)
    ref = F.conv2d(x, weight, bias, stride=stride, padding=padding)
    assert ours.shape == ref.shape, f"{case}: shape {tuple(ours.shape)} vs F.conv2d {tuple(ref.shape)}"
    torch.testing.assert_close(ours, ref, msg=f"{case}: values differ from F.conv2d")
    g = torch.randn_like(ref)
    inputs = [x, weight] + ([bias] if has_bias else [])
    grads_ours = torch.autograd.grad(ours, inputs, g)
    grads_ref = torch.autograd.grad(ref, inputs, g)
    for name, a, b in zip(("x", "weight", "bias"), grads_ours, grads_ref):
        torch.testing.assert_close(a, b, msg=f"{case}: gradient w.r.t. {name} differs from F.conv2d")

# defaults: no bias, stride 1, no padding
x = torch.randn(2, 3, 7, 7)
weight = torch.randn(4, 3, 3, 3)
torch.testing.assert_close(conv2d_explicit(x, weight), F.conv2d(x, weight), msg="defaults differ from F.conv2d")
