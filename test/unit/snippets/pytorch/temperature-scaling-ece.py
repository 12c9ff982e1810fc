# Check for dl-temperature-scaling: fit_temperature(logits, labels, max_iter=50) -> float,
# expected_calibration_error(probs, labels, n_bins=15)
import torch
import torch.nn.functional as F

# calibrated by construction: labels are sampled from softmax(true_logits)
N, K = 20000, 5
true_logits = torch.randn(N, K) * 2
labels = torch.multinomial(F.softmax(true_logits, dim=1), 1).squeeze(1)
ece_calibrated = float(expected_calibration_error(F.softmax(true_logits, dim=1), labels))
assert ece_calibrated < 0.02, f"ECE of calibrated probabilities is {ece_calibrated:.4f}, expected ~0"

# overconfident: the same logits times 3
over = true_logits * 3
ece_over = float(expected_calibration_error(F.softmax(over, dim=1), labels))
assert ece_over > 0.1, f"ECE of overconfident probabilities is {ece_over:.4f}, expected large"
T = fit_temperature(over, labels)
assert isinstance(T, float), f"fit_temperature must return a float, got {type(T).__name__}"
assert abs(T - 3) < 0.3, f"fitted T = {T:.3f}, the logits were scaled by 3"
nll_before = F.cross_entropy(over, labels).item()
nll_after = F.cross_entropy(over / T, labels).item()
assert nll_after < nll_before - 0.1, f"NLL {nll_before:.4f} -> {nll_after:.4f}: temperature scaling must lower it"
ece_after = float(expected_calibration_error(F.softmax(over / T, dim=1), labels))
assert ece_after < 0.02, f"ECE after temperature scaling is {ece_after:.4f}"
assert torch.equal((over / T).argmax(1), over.argmax(1)), "temperature scaling must not change predictions"
# underconfident logits give T < 1
T_under = fit_temperature(true_logits / 2, labels)
assert abs(T_under - 0.5) < 0.1, f"fitted T = {T_under:.3f} for logits scaled by 1/2"
# a logits tensor that requires grad is accepted
T_grad = fit_temperature(over.clone().requires_grad_(), labels)
assert abs(T_grad - T) < 1e-3, "result must not depend on requires_grad of the logits"

# known ECE: every prediction has confidence 0.9 but only half are right -> ECE = 0.4
probs = torch.tensor([[0.9, 0.1]] * 10)
y = torch.tensor([0] * 5 + [1] * 5)
assert abs(float(expected_calibration_error(probs, y)) - 0.4) < 1e-6, "ECE of 0.9-confident, 50%-accurate predictions must be 0.4"
# two bins: confidences 0.6 (all right) and 0.95 (all right) -> (0.5 * 0.4 + 0.5 * 0.05) = 0.225
probs = torch.tensor([[0.6, 0.4]] * 4 + [[0.05, 0.95]] * 4)
y = torch.tensor([0] * 4 + [1] * 4)
assert abs(float(expected_calibration_error(probs, y)) - 0.225) < 1e-6, "ECE must weight bins by their size"
