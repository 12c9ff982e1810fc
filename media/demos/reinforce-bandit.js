// @title REINFORCE on a 10-armed bandit: with vs without a baseline
// @note reinforce-score-function-estimator
// @steps 300
// @expect with baseline < without baseline
// A softmax policy learns which arm pays best from sampled pulls only; the curve is its expected regret, max μ − Σ π(a)·μ(a).
// Every reward is around +10, so without a baseline every pull is reinforced: the noise swamps the signal and the policy
// can lock onto whatever arm it happened to favour early. Subtracting a running-average baseline centres the signal.
const steps = STEPS ?? 300;
const arms = 10;
const pulls = 8; // actions sampled per step
const offset = 10; // all arms pay around this much, so raw rewards are far from zero

const rng = data.rng(7);
const means = Array.from({ length: arms }, () => offset + rng.normal()); // arm means, unknown to the learner
const best = Math.max(...means);
const meansT = tf.tensor1d(means);

const learners = ['with baseline', 'without baseline'].map((name) => ({
  name,
  useBaseline: name === 'with baseline',
  logits: tf.variable(tf.zeros([arms])),
  optimizer: tf.train.sgd(0.1),
  baseline: 0, // a running average of the rewards seen so far
}));

for (let step = 0; step < steps; step++) {
  for (const learner of learners) {
    // Sample the pulls from the current policy (in plain JS: the environment is not differentiable anyway).
    const probs = tf.tidy(() => tf.softmax(learner.logits).dataSync());
    const actions = [];
    const advantages = [];
    let total = 0;
    for (let i = 0; i < pulls; i++) {
      let u = rng.next();
      let action = 0;
      while (action < arms - 1 && u >= probs[action]) u -= probs[action++];
      const reward = means[action] + rng.normal();
      total += reward;
      actions.push(action);
      // The baseline is the running average of earlier rewards: it does not depend on this action, so no bias.
      advantages.push(reward - (learner.useBaseline ? learner.baseline : 0));
    }
    learner.baseline = 0.9 * learner.baseline + 0.1 * (total / pulls);

    // Surrogate loss −mean (r − b)·log π(a): its gradient is the REINFORCE estimate. Summing the advantages
    // per arm first turns the gather into a dot product with log π.
    const perArm = new Float32Array(arms);
    actions.forEach((action, i) => { perArm[action] += advantages[i] / pulls; });
    const weights = tf.tensor1d(perArm);
    learner.optimizer.minimize(() => tf.sum(weights.mul(tf.logSoftmax(learner.logits))).neg());
    weights.dispose();

    // The true expected regret of the current policy (known here because we built the bandit).
    const regret = tf.tidy(() => tf.sub(best, tf.sum(tf.softmax(learner.logits).mul(meansT))));
    report(regret, learner.name);
    regret.dispose();
  }
}

for (const learner of learners) {
  const p = tf.tidy(() => tf.softmax(learner.logits).dataSync());
  const favourite = p.indexOf(Math.max(...p));
  console.log(`${learner.name}: favourite arm ${favourite} (mean ${means[favourite].toFixed(2)}, best is ${best.toFixed(2)}) with probability ${p[favourite].toFixed(2)}`);
}
