# Check for dl-layernorm: LayerNorm(normalized_shape, eps=1e-5) with weight/bias
import torch
import torch.nn as nn

D = 32
ln = LayerNorm(D)
assert isinstance(ln.weight, nn.Parameter) and isinstance(ln.bias, nn.Parameter), "weight and bias must be parameters"
assert tuple(ln.weight.shape) == (D,) and tuple(ln.bias.shape) == (D,), "weight/bias shape"
torch.testing.assert_close(ln.weight.detach(), torch.ones(D), msg="weight must start at 1")
torch.testing.assert_close(ln.bias.detach(), torch.zeros(D), msg="bias must start at 0")

x = torch.randn(4, 10, D, dtype=torch.float64) * 5 + 3
ln64 = ln.double()
y = ln64(x)
assert y.shape == x.shape, f"shape {tuple(y.shape)}"
torch.testing.assert_close(y.mean(-1), torch.zeros(4, 10, dtype=torch.float64), atol=1e-6, rtol=0, msg="rows must have mean 0")
torch.testing.assert_close(y.var(-1, unbiased=False), torch.ones(4, 10, dtype=torch.float64), atol=1e-4, rtol=0, msg="rows must have variance 1")

# equals nn.LayerNorm with the same (non-trivial) weights, outputs and gradients
ref = nn.LayerNorm(D, eps=1e-5).double()
with torch.no_grad():
    ln64.weight.copy_(torch.randn(D))
    ln64.bias.copy_(torch.randn(D))
    ref.weight.copy_(ln64.weight)
    ref.bias.copy_(ln64.bias)
xg1 = x.clone().requires_grad_()
xg2 = x.clone().requires_grad_()
out1, out2 = ln64(xg1), ref(xg2)
torch.testing.assert_close(out1, out2, msg="differs from nn.LayerNorm")
g = torch.randn_like(out1)
out1.backward(g)
out2.backward(g)
torch.testing.assert_close(xg1.grad, xg2.grad, msg="input gradient differs from nn.LayerNorm")
torch.testing.assert_close(ln64.weight.grad, ref.weight.grad, msg="weight gradient differs")
torch.testing.assert_close(ln64.bias.grad, ref.bias.grad, msg="bias gradient differs")

# the default eps is 1e-5: visible on tiny-variance inputs where eps dominates
tiny = torch.randn(3, D, dtype=torch.float64) * 1e-3
torch.testing.assert_close(LayerNorm(D).double()(tiny), nn.LayerNorm(D).double()(tiny), msg="default eps must be 1e-5")
torch.testing.assert_close(LayerNorm(D, eps=1e-2).double()(tiny), nn.LayerNorm(D, eps=1e-2).double()(tiny), msg="eps argument ignored")

# normalized_shape over several trailing dims
ln2 = LayerNorm((10, D)).double()
ref2 = nn.LayerNorm((10, D)).double()
torch.testing.assert_close(ln2(x), ref2(x), msg="tuple normalized_shape differs from nn.LayerNorm")

# each sample normalized independently of the batch
torch.testing.assert_close(ln64(x[:1]), ln64(x)[:1], msg="output must not depend on other samples")
