# Check for dl-attention: scaled_dot_product_attention(q, k, v, mask=None) -> (output, weights)
import math
import torch


def reference(q, k, v, mask=None):
    """Explicit loops: softmax over the allowed keys of q_i . k_j / sqrt(d), then a weighted sum of v."""
    *lead, t_q, d = q.shape
    t_k = k.shape[-2]
    out = torch.zeros(*lead, t_q, v.shape[-1], dtype=q.dtype)
    w = torch.zeros(*lead, t_q, t_k, dtype=q.dtype)
    for idx in torch.cartesian_prod(*[torch.arange(n) for n in lead]).view(-1, len(lead)).tolist():
        idx = tuple(idx)
        for i in range(t_q):
            allowed = [j for j in range(t_k) if mask is None or bool(mask[i, j])]
            scores = [float(q[idx][i] @ k[idx][j]) / math.sqrt(d) for j in allowed]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            for j, e in zip(allowed, exps):
                w[idx][i, j] = e / sum(exps)
            out[idx][i] = sum(w[idx][i, j] * v[idx][j] for j in allowed)
    return out, w


q = torch.randn(2, 3, 5, 8, dtype=torch.float64)
k = torch.randn(2, 3, 7, 8, dtype=torch.float64)
v = torch.randn(2, 3, 7, 4, dtype=torch.float64)

out, w = scaled_dot_product_attention(q, k, v)
assert tuple(out.shape) == (2, 3, 5, 4), f"output shape {tuple(out.shape)}"
assert tuple(w.shape) == (2, 3, 5, 7), f"weights shape {tuple(w.shape)}"
assert (w >= 0).all(), "negative attention weight"
torch.testing.assert_close(w.sum(-1), torch.ones(2, 3, 5, dtype=torch.float64), msg="weights must sum to 1 per query")
ref_out, ref_w = reference(q, k, v)
torch.testing.assert_close(w, ref_w, msg="weights differ from softmax(q k^T / sqrt(d))")
torch.testing.assert_close(out, ref_out, msg="output differs from the reference weighted sum of v")

# boolean mask (False = blocked); every query keeps at least one key
mask = torch.rand(5, 7) > 0.5
mask[:, 0] = True
out_m, w_m = scaled_dot_product_attention(q, k, v, mask=mask)
assert (w_m[..., ~mask] == 0).all(), "masked positions must get exactly zero weight"
assert (w_m[..., mask] > 0).all(), "allowed positions must keep a positive weight"
torch.testing.assert_close(w_m.sum(-1), torch.ones(2, 3, 5, dtype=torch.float64), msg="masked weights must still sum to 1")
ref_out_m, ref_w_m = reference(q, k, v, mask)
torch.testing.assert_close(w_m, ref_w_m, msg="masked weights differ from softmax over the allowed keys")
torch.testing.assert_close(out_m, ref_out_m, msg="masked output differs from the reference")

# a 0/1 integer mask means the same as the boolean one; a mask broadcasting over batch and heads works
out_i, w_i = scaled_dot_product_attention(q, k, v, mask=mask.long())
torch.testing.assert_close(w_i, w_m, msg="0/1 mask and boolean mask must agree")
out_b, _ = scaled_dot_product_attention(q, k, v, mask=mask[None, None].expand(2, 1, 5, 7))
torch.testing.assert_close(out_b, out_m, msg="a [B, 1, T_q, T_k] mask must broadcast over heads")

# causal self-attention: output at position t ignores later positions
x = torch.randn(1, 6, 8, dtype=torch.float64)
causal = torch.ones(6, 6).tril()
y, _ = scaled_dot_product_attention(x, x, x, mask=causal)
x2 = x.clone()
x2[:, 4:] = torch.randn(1, 2, 8, dtype=torch.float64)
y2, _ = scaled_dot_product_attention(x2, x2, x2, mask=causal)
torch.testing.assert_close(y2[:, :4], y[:, :4], msg="causal mask leaks future tokens")

# gradients flow to q, k and v
qg, kg, vg = (t.clone().requires_grad_() for t in (q, k, v))
o, _ = scaled_dot_product_attention(qg, kg, vg)
(o ** 2).sum().backward()
for name, t in (("q", qg), ("k", kg), ("v", vg)):
    assert t.grad is not None and torch.isfinite(t.grad).all() and t.grad.abs().sum() > 0, f"no gradient to {name}"
