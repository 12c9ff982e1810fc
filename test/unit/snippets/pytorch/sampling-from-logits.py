# Check for dl-sampling: filter_logits, sample_next_token (temperature 1.0, top_k 0, top_p 0.9), cached_attention
import math
import torch
import torch.nn.functional as F

V = 40
logits = torch.randn(6, V, dtype=torch.float64) * 2

# temperature: divides the logits; temperature 1 with no filtering changes nothing
torch.testing.assert_close(filter_logits(logits), logits)
torch.testing.assert_close(filter_logits(logits, temperature=0.5), logits / 0.5)

# top-k keeps exactly the k largest (no ties in random logits); the renormalized distribution sums to 1
for k in (1, 5, V, V + 3):
    kept = torch.isfinite(filter_logits(logits, top_k=k))
    assert (kept.sum(-1) == min(k, V)).all(), f"top_k={k} kept {kept.sum(-1).tolist()}"
    largest = torch.topk(logits, min(k, V), dim=-1).indices
    assert kept.gather(-1, largest).all(), f"top_k={k} did not keep the largest logits"
    probs = F.softmax(filter_logits(logits, top_k=k), dim=-1)
    torch.testing.assert_close(probs.sum(-1), torch.ones(6, dtype=torch.float64))
    torch.testing.assert_close(probs[kept], (F.softmax(logits, -1) / (F.softmax(logits, -1) * kept).sum(-1, keepdim=True))[kept])

# top-p keeps the smallest set of top tokens whose probability reaches p (brute force, float64)
for p in (0.05, 0.5, 0.9, 0.99):
    kept = torch.isfinite(filter_logits(logits, top_p=p))
    probs = F.softmax(logits, -1)
    for row in range(logits.size(0)):
        order = torch.argsort(probs[row], descending=True)
        cumulative = probs[row][order].cumsum(0)
        n_keep = int((cumulative < p).sum()) + 1
        expected = torch.zeros(V, dtype=torch.bool)
        expected[order[:n_keep]] = True
        assert torch.equal(kept[row], expected), f"top_p={p}, row {row}: kept {int(kept[row].sum())}, expected {n_keep}"
    assert (kept.sum(-1) >= 1).all()
    torch.testing.assert_close(F.softmax(filter_logits(logits, top_p=p), -1).sum(-1), torch.ones(6, dtype=torch.float64))
# top-k then top-p: the nucleus is taken within the top k
both = torch.isfinite(filter_logits(logits, top_k=3, top_p=0.999))
assert (both.sum(-1) <= 3).all() and (both <= torch.isfinite(filter_logits(logits, top_k=3))).all()

# greedy: temperature 0 is argmax, and a tiny temperature samples the argmax every time
g = torch.Generator().manual_seed(1)
assert torch.equal(sample_next_token(logits, temperature=0), logits.argmax(-1))
for _ in range(20):
    assert torch.equal(sample_next_token(logits, temperature=1e-4, top_p=1.0, generator=g), logits.argmax(-1))
assert torch.equal(sample_next_token(logits, top_k=1, generator=g), logits.argmax(-1)), "top_k=1 is greedy"

# the sampled frequencies match the filtered distribution (temperature 0.7, top-k 4, top-p 0.9 at once)
row = torch.tensor([2.0, 1.5, 1.0, 0.8, 0.3, -1.0, 0.5, 1.2])
target = F.softmax(filter_logits(row, temperature=0.7, top_k=4, top_p=0.9), -1)
n = 40000
draws = sample_next_token(row.expand(n, -1), temperature=0.7, top_k=4, top_p=0.9, generator=g)
assert tuple(draws.shape) == (n,) and draws.dtype == torch.int64
freq = torch.bincount(draws, minlength=8).double() / n
assert (freq[target == 0] == 0).all(), "sampled a filtered-out token"
assert (freq - target.double()).abs().max() < 0.01, f"frequencies {freq.tolist()} vs {target.tolist()}"
# default arguments: temperature 1, no top-k, top-p 0.9
default_target = F.softmax(filter_logits(row, top_p=0.9), -1)
freq = torch.bincount(sample_next_token(row.expand(n, -1), generator=g), minlength=8).double() / n
assert (freq - default_target.double()).abs().max() < 0.01, "defaults must be temperature 1, top_k 0, top_p 0.9"
assert tuple(sample_next_token(torch.randn(2, 3, V), generator=g).shape) == (2, 3), "keeps leading dims"

# KV cache: a prompt at once, then one token at a time, equals full causal attention over the whole sequence
B, Hh, T, Dh = 2, 3, 11, 8
q, k, v = (torch.randn(B, Hh, T, Dh, dtype=torch.float64) for _ in range(3))
causal = torch.ones(T, T, dtype=torch.bool).tril()
scores = (q @ k.transpose(-2, -1) / math.sqrt(Dh)).masked_fill(~causal, float("-inf"))
full = F.softmax(scores, -1) @ v
cache, prompt = {}, 4
out = [cached_attention(q[:, :, :prompt], k[:, :, :prompt], v[:, :, :prompt], cache)]
for t in range(prompt, T):
    out.append(cached_attention(q[:, :, t:t + 1], k[:, :, t:t + 1], v[:, :, t:t + 1], cache))
    assert cache["k"].size(-2) == t + 1, "the cache grows by one position per token"
torch.testing.assert_close(torch.cat(out, dim=-2), full, msg="cached decoding differs from full causal attention")
# what it stores: 2 (keys and values) x batch x heads x T x d_head numbers per layer
assert cache["k"].numel() + cache["v"].numel() == 2 * B * Hh * T * Dh
torch.testing.assert_close(cache["k"], k)
torch.testing.assert_close(cache["v"], v)
