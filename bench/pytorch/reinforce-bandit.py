"""PyTorch twin of media/demos/reinforce-bandit.js: REINFORCE on a 10-armed bandit, with vs without a running-average baseline."""
import json
import sys
import time

import torch
from torch.distributions import Categorical

torch.manual_seed(0)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 300
arms, pulls, offset = 10, 8, 10.0
means = offset + torch.randn(arms)
best = means.max()

learners = {}
for name in ["with baseline", "without baseline"]:
    logits = torch.zeros(arms, requires_grad=True)
    learners[name] = {"logits": logits, "opt": torch.optim.SGD([logits], lr=0.1), "baseline": 0.0}
final = {}

start_time = time.perf_counter()
for step in range(steps):
    for name, learner in learners.items():
        dist = Categorical(logits=learner["logits"])
        actions = dist.sample((pulls,))
        rewards = means[actions] + torch.randn(pulls)
        b = learner["baseline"] if name == "with baseline" else 0.0
        learner["baseline"] = 0.9 * learner["baseline"] + 0.1 * rewards.mean().item()
        loss = -((rewards - b).detach() * dist.log_prob(actions)).mean()
        learner["opt"].zero_grad()
        loss.backward()
        learner["opt"].step()
        with torch.no_grad():
            final[name] = (best - (torch.softmax(learner["logits"], 0) * means).sum()).item()
seconds = time.perf_counter() - start_time
print(json.dumps({"demo": "reinforce-bandit", "steps": steps, "seconds": seconds, "final_loss": final}))
