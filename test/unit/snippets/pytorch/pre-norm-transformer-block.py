# Check for dl-transformer-block: TransformerBlock(d_model, n_heads, d_ff, dropout=0.1), pre-norm
import torch
import torch.nn as nn

B, T, C, H, FF = 2, 6, 16, 4, 32
block = TransformerBlock(C, H, FF)
attns = [m for m in block.modules() if isinstance(m, nn.MultiheadAttention)]
assert len(attns) == 1 and attns[0].batch_first, "must use nn.MultiheadAttention(batch_first=True)"
assert any(isinstance(m, nn.Dropout) and m.p == 0.1 for m in block.modules()), "default dropout must be 0.1"
x = torch.randn(B, T, C)
block.eval()
y = block(x)
assert tuple(y.shape) == (B, T, C), f"shape {tuple(y.shape)}"

# pre-norm wiring: y = x1 + mlp(ln2(x1)), x1 = x + attn(ln1(x))
h = block.ln1(x)
x1 = x + block.attn(h, h, h, need_weights=False)[0]
torch.testing.assert_close(y, x1 + block.mlp(block.ln2(x1)), msg="not x + attn(ln1(x)) then + mlp(ln2(.))")

# the residual stream is never normalized: with both branches' output layers zeroed the block is the identity
zeroed = TransformerBlock(C, H, FF)
zeroed.load_state_dict(block.state_dict())
zeroed.eval()
with torch.no_grad():
    zeroed.attn.out_proj.weight.zero_()
    zeroed.attn.out_proj.bias.zero_()
    last_linear = [m for m in zeroed.mlp.modules() if isinstance(m, nn.Linear)][-1]
    last_linear.weight.zero_()
    last_linear.bias.zero_()
big = torch.randn(B, T, C) * 10 + 5
torch.testing.assert_close(zeroed(big), big, msg="zeroed branches must give the identity (pre-norm residual)")

# causal mask: position t is independent of later tokens; samples are independent of each other
causal = torch.ones(T, T, dtype=torch.bool).triu(1)
yc = block(x, attn_mask=causal)
x2 = x.clone()
x2[:, 3:] = torch.randn(B, T - 3, C)
torch.testing.assert_close(block(x2, attn_mask=causal)[:, :3], yc[:, :3], msg="causal mask leaks future tokens")
x3 = x.clone()
x3[1] = torch.randn(T, C)
torch.testing.assert_close(block(x3)[0], y[0], msg="output of sample 0 depends on sample 1")

# dropout only in training; a few training steps reduce a regression loss and reach every parameter
block.train()
assert not torch.allclose(block(x), block(x)), "dropout should make train-mode outputs random"
block = TransformerBlock(C, H, FF, dropout=0.0)
target = torch.randn(B, T, C)
opt = torch.optim.Adam(block.parameters(), lr=1e-2)
losses = []
for step in range(20):
    opt.zero_grad()
    loss = (block(x) - target).pow(2).mean()
    loss.backward()
    if step == 0:
        for name, p in block.named_parameters():
            assert p.grad is not None and p.grad.abs().sum() > 0, f"no gradient for {name}"
    opt.step()
    losses.append(loss.item())
assert losses[-1] < 0.5 * losses[0], f"training did not reduce the loss: {losses[0]:.4f} -> {losses[-1]:.4f}"
