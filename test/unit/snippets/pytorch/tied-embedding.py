# Check for dl-embedding: TiedEmbedding(vocab_size, d_model, padding_idx=None, scale=True) with encode/decode
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

V, D = 50, 16
emb = TiedEmbedding(V, D)
assert isinstance(emb.embed, nn.Embedding) and tuple(emb.embed.weight.shape) == (V, D)
assert sum(p.numel() for p in emb.parameters()) == V * D, "one shared [vocab, d] matrix: V*d parameters in all"
assert emb.scale == math.sqrt(D), "scale must default to sqrt(d_model)"
W = emb.embed.weight
big = TiedEmbedding(1000, 64).embed.weight.detach()
assert abs(big.std().item() - 64 ** -0.5) < 0.01 and abs(big.mean().item()) < 0.01, f"init should be N(0, 1/d), std {big.std():.4f}"

# the lookup is one-hot x matrix, and F.embedding; scaled by sqrt(d)
tokens = torch.randint(0, V, (3, 7))
e = emb.encode(tokens)
assert tuple(e.shape) == (3, 7, D)
torch.testing.assert_close(e, F.one_hot(tokens, V).float() @ W * math.sqrt(D), msg="encode != one_hot @ W * sqrt(d)")
torch.testing.assert_close(e, F.embedding(tokens, W) * math.sqrt(D), msg="encode != F.embedding * sqrt(d)")
unscaled = TiedEmbedding(V, D, scale=False)
torch.testing.assert_close(unscaled.encode(tokens), unscaled.embed.weight[tokens], msg="scale=False must be the plain lookup")

# the output projection is the same matrix, transposed
h = torch.randn(3, 7, D)
logits = emb.decode(h)
assert tuple(logits.shape) == (3, 7, V)
torch.testing.assert_close(logits, h @ W.T, msg="decode != h @ W.T")

# tying: the shared matrix's gradient is the sum of its two roles (input lookup + output projection)
W_in = W.detach().clone().requires_grad_()
W_out = W.detach().clone().requires_grad_()
A = torch.randn(D, D)
targets = torch.randint(0, V, (3, 7))
loss_tied = F.cross_entropy(emb.decode(torch.tanh(emb.encode(tokens) @ A)).reshape(-1, V), targets.reshape(-1))
loss_tied.backward()
x_untied = F.embedding(tokens, W_in) * math.sqrt(D)
loss_untied = F.cross_entropy(F.linear(torch.tanh(x_untied @ A), W_out).reshape(-1, V), targets.reshape(-1))
loss_untied.backward()
torch.testing.assert_close(loss_tied, loss_untied)
torch.testing.assert_close(W.grad, W_in.grad + W_out.grad, msg="tied gradient should be input-role + output-role gradients")
assert W_in.grad.abs().sum() > 0 and W_out.grad.abs().sum() > 0

# padding_idx: the pad row starts at zero and gets no gradient from the lookup ...
pad = TiedEmbedding(V, D, padding_idx=0)
torch.testing.assert_close(pad.embed.weight[0].detach(), torch.zeros(D), msg="pad row must start at zero")
with_pad = torch.tensor([[0, 3, 0, 5]])
(pad.encode(with_pad) ** 2).sum().backward()
assert (pad.embed.weight.grad[0] == 0).all(), "the lookup must give the pad row no gradient"
assert pad.embed.weight.grad[3].abs().sum() > 0
# ... but the output role does reach it: with tying, padding_idx alone does not freeze the pad row
pad.zero_grad()
F.cross_entropy(pad.decode(torch.randn(4, D)), torch.tensor([1, 2, 3, 4])).backward()
assert pad.embed.weight.grad[0].abs().sum() > 0, "softmax over the vocabulary gives the pad row a gradient"
