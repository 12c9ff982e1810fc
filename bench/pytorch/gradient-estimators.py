"""PyTorch twin of media/demos/gradient-estimators.js: pathwise (rsample) vs score-function gradients of E||z - a||^2."""
import json
import sys
import time

import torch
from torch.distributions import Normal

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 300
dims, samples = 8, 16
a = torch.tensor([2.0 + (i % 3) for i in range(dims)])


def f(z):
    return ((z - a) ** 2).sum(-1)


params = {name: (torch.zeros(dims, requires_grad=True), torch.zeros(dims, requires_grad=True)) for name in ["pathwise", "score function"]}
opts = {name: torch.optim.Adam(p, lr=0.05) for name, p in params.items()}
final = {}

start_time = time.perf_counter()
for step in range(steps):
    for name, (mu, log_sigma) in params.items():
        q = Normal(mu, log_sigma.exp())
        if name == "pathwise":
            loss = f(q.rsample((samples,))).mean()  # backpropagate through z = mu + sigma * eps
        else:
            z = q.sample((samples,))  # no gradient path through the sample
            loss = (f(z).detach() * q.log_prob(z).sum(-1)).mean()  # surrogate whose gradient is the estimator
        opts[name].zero_grad()
        loss.backward()
        opts[name].step()
        with torch.no_grad():
            final[name] = (((mu - a) ** 2).sum() + (2 * log_sigma).exp().sum()).item()
seconds = time.perf_counter() - start_time
print(json.dumps({"demo": "gradient-estimators", "steps": steps, "seconds": seconds, "final_loss": final}))
