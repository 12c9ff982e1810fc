# Check for dl-posenc: sinusoidal_positional_encoding(seq_len, d_model) -> [seq_len, d_model]
import math
import torch

for seq_len, d_model in ((50, 16), (9, 7)):
    pe = sinusoidal_positional_encoding(seq_len, d_model)
    assert tuple(pe.shape) == (seq_len, d_model), f"shape {tuple(pe.shape)}"
    expected = torch.empty(seq_len, d_model, dtype=torch.float64)
    for pos in range(seq_len):
        for j in range(d_model):
            angle = pos / 10000 ** ((j - j % 2) / d_model)
            expected[pos, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    torch.testing.assert_close(pe.double(), expected, atol=1e-5, rtol=1e-5, msg=f"values differ for ({seq_len}, {d_model})")

pe = sinusoidal_positional_encoding(50, 16)
torch.testing.assert_close(pe[0, 0::2], torch.zeros(8), msg="position 0: sin(0) = 0 on even dims")
torch.testing.assert_close(pe[0, 1::2], torch.ones(8), msg="position 0: cos(0) = 1 on odd dims")
torch.testing.assert_close(pe[1, :2], torch.tensor([math.sin(1.0), math.cos(1.0)]), msg="dims 0,1 at position 1 use frequency 1")
assert pe.abs().max() <= 1.0 + 1e-6
# the last pair has the lowest frequency 1/10000^(14/16)
torch.testing.assert_close(pe[10, 14], torch.tensor(math.sin(10 / 10000 ** (14 / 16))), msg="lowest frequency")
# relative positions: PE[pos + k] is a fixed rotation of PE[pos] in every (sin, cos) pair
k = 5
for i in range(8):
    w = 1 / 10000 ** (2 * i / 16)
    rot = torch.tensor([[math.cos(k * w), -math.sin(k * w)], [math.sin(k * w), math.cos(k * w)]])
    torch.testing.assert_close(pe[:-k, 2 * i:2 * i + 2] @ rot, pe[k:, 2 * i:2 * i + 2], atol=1e-4, rtol=1e-4, msg="shift is a rotation")
