# Check for dl-cnn: SmallCNN(in_channels=1, num_classes=10)
import torch
import torch.nn as nn
import torch.nn.functional as F

model = SmallCNN()
kinds = [type(m) for m in model.modules()]
assert kinds.count(nn.Conv2d) == 2, f"expected 2 conv layers, found {kinds.count(nn.Conv2d)}"
assert kinds.count(nn.MaxPool2d) == 2, "expected 2 max-pool layers"
assert nn.AdaptiveAvgPool2d in kinds, "expected a global average pool"
assert any(isinstance(m, nn.Linear) and m.out_features == 10 for m in model.modules()), "linear head with 10 classes"

x = torch.randn(8, 1, 28, 28)
logits = model(x)
assert tuple(logits.shape) == (8, 10), f"output shape {tuple(logits.shape)}"
assert tuple(model(torch.randn(2, 1, 32, 20)).shape) == (2, 10), "global pooling must accept other input sizes"
assert tuple(SmallCNN(in_channels=3, num_classes=5)(torch.randn(4, 3, 16, 16)).shape) == (4, 5)
torch.testing.assert_close(model(x[:1]), logits[:1], msg="sample outputs must not depend on the batch")

# one training step lowers the loss on the batch and reaches every parameter
labels = torch.randint(0, 10, (8,))
opt = torch.optim.SGD(model.parameters(), lr=0.05)
opt.zero_grad()
loss0 = F.cross_entropy(model(x), labels)
loss0.backward()
for name, p in model.named_parameters():
    assert p.grad is not None and p.grad.abs().sum() > 0, f"no gradient for {name}"
opt.step()
with torch.no_grad():
    loss1 = F.cross_entropy(model(x), labels)
assert loss1 < loss0, f"loss did not decrease after one step: {loss0.item():.4f} -> {loss1.item():.4f}"
