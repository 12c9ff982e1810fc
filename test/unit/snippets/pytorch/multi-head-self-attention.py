# Check for dl-mha: MultiHeadSelfAttention(d_model, n_heads, dropout=0.0, causal=False)
import torch
import torch.nn as nn

B, T, C, H = 3, 7, 16, 4
x = torch.randn(B, T, C)

mha = MultiHeadSelfAttention(C, H)
assert mha.causal is False, "causal must default to False"
y = mha(x)
assert tuple(y.shape) == (B, T, C), f"output shape {tuple(y.shape)}, expected {(B, T, C)}"

# equals torch's nn.MultiheadAttention given the same weights (same q/k/v packing and head split)
ref = nn.MultiheadAttention(C, H, batch_first=True)
with torch.no_grad():
    ref.in_proj_weight.copy_(mha.qkv.weight)
    ref.in_proj_bias.copy_(mha.qkv.bias)
    ref.out_proj.weight.copy_(mha.proj.weight)
    ref.out_proj.bias.copy_(mha.proj.bias)
expected, _ = ref(x, x, x, need_weights=False)
torch.testing.assert_close(y, expected, msg="differs from nn.MultiheadAttention with the same weights")

# without a mask, later tokens influence earlier positions
x_changed = x.clone()
x_changed[:, 5:] = torch.randn(B, T - 5, C)
assert not torch.allclose(mha(x_changed)[:, :5], y[:, :5]), "non-causal attention should see later tokens"

# causal: position t is independent of tokens after t, and matches nn.MultiheadAttention with a causal mask
causal = MultiHeadSelfAttention(C, H, causal=True)
causal.load_state_dict(mha.state_dict())
yc = causal(x)
future = torch.ones(T, T, dtype=torch.bool).triu(1)
expected_c, _ = ref(x, x, x, attn_mask=future, need_weights=False)
torch.testing.assert_close(yc, expected_c, msg="causal output differs from nn.MultiheadAttention with a causal mask")
for t in range(T - 1):
    xt = x.clone()
    xt[:, t + 1:] = torch.randn(B, T - t - 1, C) * 10
    torch.testing.assert_close(causal(xt)[:, : t + 1], yc[:, : t + 1], msg=f"causal output at <= {t} depends on later tokens")
# the Jacobian of position 2's output w.r.t. later inputs is exactly zero
xg = x.clone().requires_grad_()
causal(xg)[:, 2].sum().backward()
assert (xg.grad[:, 3:] == 0).all(), "gradient reaches future tokens in causal mode"
assert xg.grad[:, :3].abs().sum() > 0, "gradient must reach past and current tokens"

# gradients flow to every parameter and to the input
mha.zero_grad()
xg = x.clone().requires_grad_()
(mha(xg) ** 2).mean().backward()
for name, p in mha.named_parameters():
    assert p.grad is not None and torch.isfinite(p.grad).all() and p.grad.abs().sum() > 0, f"no gradient for {name}"
assert xg.grad.abs().sum() > 0, "no gradient to the input"

# dropout acts only in training mode
drop = MultiHeadSelfAttention(C, H, dropout=0.5)
drop.load_state_dict(mha.state_dict())
drop.eval()
torch.testing.assert_close(drop(x), y, msg="dropout must be inactive in eval mode")
drop.train()
assert not torch.allclose(drop(x), y), "dropout=0.5 in train mode should change the output"

# d_model not divisible by n_heads is rejected
try:
    MultiHeadSelfAttention(10, 4)
except (AssertionError, ValueError):
    pass
else:
    raise AssertionError("d_model=10, n_heads=4 should be rejected")
