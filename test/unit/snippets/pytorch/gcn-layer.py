# Check for dl-gcn: normalized_adjacency(adj) and GCNLayer(in_features, out_features).forward(x, a_hat)
import math
import torch

# path graph 0 - 1 - 2: degrees with self-loops are 2, 3, 2
adj = torch.tensor([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]], dtype=torch.float64)
a_hat = normalized_adjacency(adj)
expected = torch.tensor([
    [1 / 2, 1 / math.sqrt(6), 0.0],
    [1 / math.sqrt(6), 1 / 3, 1 / math.sqrt(6)],
    [0.0, 1 / math.sqrt(6), 1 / 2],
], dtype=torch.float64)
torch.testing.assert_close(a_hat, expected, msg="path graph: D^-1/2 (A + I) D^-1/2 entries")
assert torch.equal(adj, torch.tensor([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]], dtype=torch.float64)), "adj modified in place"

# random undirected graph with an isolated node: symmetric, formula entry by entry, spectrum in (-1, 1]
n = 12
upper = (torch.rand(n, n) < 0.3).double().triu(1)
adj = upper + upper.T
adj[5, :] = 0
adj[:, 5] = 0
a_hat = normalized_adjacency(adj)
torch.testing.assert_close(a_hat, a_hat.T, msg="normalized adjacency must be symmetric")
a = adj + torch.eye(n, dtype=torch.float64)
deg = a.sum(1)
for i in range(n):
    for j in range(n):
        want = a[i, j].item() / math.sqrt(deg[i].item() * deg[j].item())
        assert abs(a_hat[i, j].item() - want) < 1e-12, f"entry ({i},{j}) = {a_hat[i, j].item()}, expected {want}"
assert a_hat[5, 5].item() == 1.0, "an isolated node keeps only its self-loop (weight 1)"
eig = torch.linalg.eigvalsh(a_hat)
assert eig.max().item() <= 1 + 1e-9 and eig.min().item() > -1 - 1e-9, f"eigenvalues {eig.min().item()}..{eig.max().item()} outside [-1, 1]"
torch.testing.assert_close(eig.max(), torch.tensor(1.0, dtype=torch.float64), msg="largest eigenvalue must be 1")

# layer: shape, H' = A_hat X W + b, permutation equivariance, locality, gradients
layer = GCNLayer(5, 3).double()
with torch.no_grad():
    layer.bias.copy_(torch.randn(3))
x = torch.randn(n, 5, dtype=torch.float64)
out = layer(x, a_hat)
assert tuple(out.shape) == (n, 3), f"shape {tuple(out.shape)}"
torch.testing.assert_close(out, a_hat @ x @ layer.weight + layer.bias, msg="GCN layer must compute A_hat X W + b")
perm = torch.randperm(n)
torch.testing.assert_close(layer(x[perm], a_hat[perm][:, perm]), out[perm], msg="GCN layer must be permutation equivariant")
x_changed = x.clone()
x_changed[5] = torch.randn(5, dtype=torch.float64)
others = [i for i in range(n) if i != 5]
torch.testing.assert_close(layer(x_changed, a_hat)[others], out[others], msg="an isolated node must not affect the others")
layer(x, a_hat).pow(2).sum().backward()
for name, p in layer.named_parameters():
    assert p.grad is not None and p.grad.abs().sum() > 0, f"no gradient for {name}"
