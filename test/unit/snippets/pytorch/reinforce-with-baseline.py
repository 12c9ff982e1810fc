# Check for dl-reinforce: reinforce_loss(log_probs, rewards, baseline) -> -mean((R - b).detach() * log_probs)
import torch

logits = torch.randn(64, 4, dtype=torch.float64, requires_grad=True)
dist = torch.distributions.Categorical(logits=logits)
actions = dist.sample()
log_probs = dist.log_prob(actions)
rewards = torch.randn(64, dtype=torch.float64) + 1
baseline = torch.randn(64, dtype=torch.float64, requires_grad=True)  # e.g. a value network's output

loss = reinforce_loss(log_probs, rewards, baseline)
assert loss.dim() == 0, "loss must be a scalar"
torch.testing.assert_close(loss, -((rewards - baseline) * log_probs).mean(), msg="loss value")

grad_logits, grad_baseline = torch.autograd.grad(loss, [logits, baseline], retain_graph=True, allow_unused=True)
# expected: -mean((R - b) * grad log pi), computed as a vector-Jacobian product of log_probs
advantage = (rewards - baseline).detach()
expected = torch.autograd.grad(log_probs, logits, grad_outputs=-advantage / len(advantage), retain_graph=True)[0]
torch.testing.assert_close(grad_logits, expected, msg="policy gradient must be -mean((R - b) grad log pi)")
assert grad_baseline is None or (grad_baseline == 0).all(), "no gradient may flow into the baseline through the advantage"

# a constant baseline works and changes the weights, not the expected gradient:
# exact expectation over actions of (R(a) - b) grad log pi(a) is the same for any b
logits1 = torch.randn(1, 5, dtype=torch.float64, requires_grad=True)
reward_of = torch.randn(5, dtype=torch.float64)
def expected_grad(b):
    lp = torch.log_softmax(logits1, dim=1).squeeze(0)
    probs = lp.exp().detach()
    # mean over a "batch" that contains every action weighted by its probability
    loss = reinforce_loss(lp * probs * 5, reward_of, b)
    return torch.autograd.grad(loss, logits1)[0]
torch.testing.assert_close(expected_grad(0.0), expected_grad(3.0), msg="a constant baseline must not bias the expected gradient")
assert not torch.allclose(expected_grad(0.0), torch.zeros(1, 5, dtype=torch.float64)), "expected gradient should be non-zero"
