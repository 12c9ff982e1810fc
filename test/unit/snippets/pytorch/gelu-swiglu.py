# Check for dl-swiglu: gelu == F.gelu (exact and tanh), SwiGLU == its formula, its GLU form == F.glu, the 2/3 rule
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.cat([torch.linspace(-8, 8, 4001, dtype=torch.float64), 3 * torch.randn(1000, dtype=torch.float64)])
torch.testing.assert_close(gelu(x), F.gelu(x), rtol=1e-12, atol=1e-14, msg="exact gelu differs from F.gelu")
torch.testing.assert_close(gelu(x, approximate='tanh'), F.gelu(x, approximate='tanh'), rtol=1e-12, atol=1e-14, msg="tanh gelu differs from F.gelu(approximate='tanh')")
torch.testing.assert_close(gelu(x), nn.GELU()(x), rtol=1e-12, atol=1e-14)
torch.testing.assert_close(gelu(x, 'tanh'), nn.GELU(approximate='tanh')(x), rtol=1e-12, atol=1e-14)

# closed forms: GELU(x) = x·Φ(x) at a few points
phi = {-3.0: 0.0013498980316300946, -1.0: 0.15865525393145707, 0.5: 0.6914624612740131, 1.0: 0.8413447460685429, 2.0: 0.9772498680518208}
for v, p in phi.items():
    assert abs(gelu(torch.tensor(v, dtype=torch.float64)).item() - v * p) < 1e-14, f"GELU({v})"

# the tanh form is an approximation: close (max error about 5e-4, near |x| = 2.7) but not equal
err = (gelu(x) - gelu(x, 'tanh')).abs()
assert 3e-4 < err.max().item() < 6e-4, f"max |exact - tanh| = {err.max().item()}"
assert 2.4 < x[err.argmax()].abs().item() < 3.0

# smooth and differentiable: autograd gradients match finite differences
for approx in ('none', 'tanh'):
    xs = torch.randn(20, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: gelu(t, approx), (xs,))

# SwiGLU: W2(SiLU(x W1) ⊙ x W3), no biases
ffn = SwiGLU(12, 20).double()
h = torch.randn(3, 5, 12, dtype=torch.float64)
w1, w2, w3 = ffn.w1.weight, ffn.w2.weight, ffn.w3.weight
a = h @ w1.T
expected = ((a * torch.sigmoid(a)) * (h @ w3.T)) @ w2.T
torch.testing.assert_close(ffn(h), expected, rtol=1e-12, atol=1e-12)
assert all(m.bias is None for m in (ffn.w1, ffn.w2, ffn.w3)), "SwiGLU has no biases"
assert ffn(h).shape == h.shape

# with a sigmoid gate the block is a GLU: same as F.glu on the concatenated [value, gate] projections
glu = SwiGLU(12, 20, activation=torch.sigmoid).double()
value_gate = torch.cat([h @ glu.w3.weight.T, h @ glu.w1.weight.T], dim=-1)
torch.testing.assert_close(glu(h), F.glu(value_gate, dim=-1) @ glu.w2.weight.T, rtol=1e-12, atol=1e-12)
torch.testing.assert_close(glu(h), nn.GLU(dim=-1)(value_gate) @ glu.w2.weight.T, rtol=1e-12, atol=1e-12)

# the 2/3 rule: hidden 8·d/3 keeps the weights of a plain 4·d MLP (2048 for d = 768, as in Shazeer's paper)
block = SwiGLU(768)
assert block.w1.out_features == 2048
plain = 2 * 768 * (4 * 768)
assert sum(p.numel() for p in block.parameters()) == plain, "SwiGLU with the default width should match a 4·d MLP"
# LLaMA-7B: d = 4096 rounded up to a multiple of 256 gives 11008
assert SwiGLU(4096, multiple_of=256).w1.out_features == 11008

# gradients reach all three matrices
ffn.zero_grad()
ffn(h).pow(2).sum().backward()
assert all(m.weight.grad is not None and m.weight.grad.abs().sum() > 0 for m in (ffn.w1, ffn.w2, ffn.w3))
