# Check for dl-residual: ResidualBlock(dim, hidden): x + f(LayerNorm(x))
import torch
import torch.nn as nn

block = ResidualBlock(16, 64).double()
assert any(isinstance(m, nn.LayerNorm) for m in block.modules()), "the branch must start with a LayerNorm"
x = torch.randn(4, 16, dtype=torch.float64)
y = block(x)
assert y.shape == x.shape
assert not torch.allclose(y, x), "an initialized branch should change the output"

# the branch sees LayerNorm(x): it is invariant to rescaling x, so block(c x) - c x == block(x) - x
branch = y - x
torch.testing.assert_close(block(3 * x) - 3 * x, branch, rtol=1e-4, atol=1e-6, msg="branch must be f(LayerNorm(x))")
# works on [B, T, dim]; positions are independent
seq = torch.randn(2, 5, 16, dtype=torch.float64)
torch.testing.assert_close(block(seq)[:, 2], block(seq[:, 2]), msg="positions must be processed independently")

# zeroing the branch's last layer makes the block the identity, with identity Jacobian
last = [m for m in block.modules() if isinstance(m, nn.Linear)][-1]
with torch.no_grad():
    last.weight.zero_()
    last.bias.zero_()
torch.testing.assert_close(block(x), x, rtol=0, atol=0, msg="block must be exactly the identity when the branch outputs 0")
J = torch.autograd.functional.jacobian(block, x[0])
torch.testing.assert_close(J, torch.eye(16, dtype=torch.float64), msg="identity path must pass the gradient unchanged")
