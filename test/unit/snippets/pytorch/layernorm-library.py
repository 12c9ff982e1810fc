# Check for dl-layernorm-lib: `norm = nn.LayerNorm(d_model, eps=1e-5)` with d_model = 512
import torch
import torch.nn as nn

assert isinstance(norm, nn.LayerNorm), f"norm is {type(norm).__name__}, expected nn.LayerNorm"
assert d_model == 512, f"d_model default should be 512, got {d_model}"
assert tuple(norm.normalized_shape) == (d_model,), f"normalized_shape {norm.normalized_shape}"
assert abs(norm.eps - 1e-5) < 1e-12, f"eps {norm.eps}"

x = torch.randn(3, 7, d_model) * 4 + 2
y = norm(x)
assert y.shape == x.shape
torch.testing.assert_close(y.mean(-1), torch.zeros(3, 7), atol=1e-5, rtol=0, msg="rows must have mean 0")
torch.testing.assert_close(y.var(-1, unbiased=False), torch.ones(3, 7), atol=1e-3, rtol=0, msg="rows must have variance 1")

# with learned weights it is (x - mean) / sqrt(var + eps) * weight + bias over the last dim
with torch.no_grad():
    norm.weight.copy_(torch.randn(d_model))
    norm.bias.copy_(torch.randn(d_model))
mean = x.mean(-1, keepdim=True)
var = (x - mean).pow(2).mean(-1, keepdim=True)
expected = (x - mean) / torch.sqrt(var + 1e-5) * norm.weight + norm.bias
torch.testing.assert_close(norm(x), expected, msg="norm differs from the layer-norm formula")
