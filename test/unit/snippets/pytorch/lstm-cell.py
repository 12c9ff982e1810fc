# Check for dl-lstm: LSTMCell(input_size, hidden_size, forget_bias=1.0), forward(x, state=None) -> (h, c)
import math
import torch
import torch.nn as nn

B, D, H, T = 4, 5, 6, 9
cell = LSTMCell(D, H)
params = dict(cell.named_parameters())
ref = nn.LSTMCell(D, H)
assert {k: tuple(p.shape) for k, p in params.items()} == {k: tuple(p.shape) for k, p in ref.named_parameters()}, "parameter names and shapes must match nn.LSTMCell"

# initialization: weights in ±1/sqrt(H), biases zero except the forget gate (second block of bias_ih) at 1
bound = 1 / math.sqrt(H)
for name in ("weight_ih", "weight_hh"):
    w = params[name].detach()
    assert w.abs().max() <= bound and w.std() > bound / 3, f"{name} should be U(-1/sqrt(H), 1/sqrt(H))"
expected_bias = torch.zeros(4 * H)
expected_bias[H:2 * H] = 1.0
torch.testing.assert_close(cell.bias_ih.detach(), expected_bias, msg="bias_ih: forget gate 1, others 0")
torch.testing.assert_close(cell.bias_hh.detach(), torch.zeros(4 * H), msg="bias_hh starts at 0")
torch.testing.assert_close(LSTMCell(D, H, forget_bias=0.0).bias_ih.detach(), torch.zeros(4 * H), msg="forget_bias argument ignored")

# equals nn.LSTMCell with the same (random, non-trivial) parameters: outputs and all gradients, in float64
cell = cell.double()
with torch.no_grad():
    for p in cell.parameters():
        p.copy_(torch.randn_like(p) * 0.5)
ref = ref.double()
ref.load_state_dict(cell.state_dict())
x = torch.randn(B, D, dtype=torch.float64, requires_grad=True)
h0 = torch.randn(B, H, dtype=torch.float64, requires_grad=True)
c0 = torch.randn(B, H, dtype=torch.float64, requires_grad=True)
h1, c1 = cell(x, (h0, c0))
h2, c2 = ref(x, (h0, c0))
torch.testing.assert_close(h1, h2, msg="h differs from nn.LSTMCell")
torch.testing.assert_close(c1, c2, msg="c differs from nn.LSTMCell")
gh, gc = torch.randn_like(h1), torch.randn_like(c1)
mine = torch.autograd.grad((h1 * gh).sum() + (c1 * gc).sum(), [x, h0, c0, *cell.parameters()])
theirs = torch.autograd.grad((h2 * gh).sum() + (c2 * gc).sum(), [x, h0, c0, *ref.parameters()])
for name, a, b in zip(["x", "h0", "c0", *dict(cell.named_parameters())], mine, theirs):
    torch.testing.assert_close(a, b, msg=f"gradient w.r.t. {name} differs from nn.LSTMCell")

# no state means zeros
torch.testing.assert_close(cell(x)[0], ref(x)[0], msg="state=None must mean zero h and c")

# unrolled over a sequence it is nn.LSTM (one layer, batch_first) with the same weights
lstm = nn.LSTM(D, H, batch_first=True).double()
with torch.no_grad():
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        getattr(lstm, f"{name}_l0").copy_(getattr(cell, name))
xs = torch.randn(B, T, D, dtype=torch.float64)
state, outs = None, []
for t in range(T):
    state = cell(xs[:, t], state)
    outs.append(state[0])
expected, (h_n, c_n) = lstm(xs)
torch.testing.assert_close(torch.stack(outs, 1), expected, msg="unrolled cell differs from nn.LSTM")
torch.testing.assert_close(state[1], c_n[0], msg="final cell state differs from nn.LSTM")

# the additive path: with no recurrent weights, dc_T/dc_0 is exactly the product of the forget gates (elementwise)
with torch.no_grad():
    cell.weight_hh.zero_()
c_start = torch.randn(B, H, dtype=torch.float64, requires_grad=True)
state, forget = (torch.zeros(B, H, dtype=torch.float64), c_start), torch.ones(B, H, dtype=torch.float64)
for t in range(T):
    gates = xs[:, t] @ cell.weight_ih.T + cell.bias_ih + cell.bias_hh
    forget = forget * torch.sigmoid(gates.chunk(4, -1)[1]).detach()
    state = cell(xs[:, t], state)
(grad,) = torch.autograd.grad(state[1].sum(), c_start)
torch.testing.assert_close(grad, forget, msg="dc_T/dc_0 should be the product of the forget gates")
