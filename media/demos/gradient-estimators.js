// @title Gradient estimators: pathwise (reparameterization) vs score function (REINFORCE)
// @note pathwise-gradient-estimator
// @steps 300
// @expect pathwise < score function
// Minimize E_{z~N(μ, σ²)} ||z − a||² over μ and σ in 8 dimensions, with 16 samples per step for both estimators and the same Adam.
// The curves show the true objective ||μ − a||² + Σσ²; the score-function run lags far behind: its estimate is ~40× noisier (printed first).
const steps = STEPS ?? 300;
const dims = 8;
const samples = 16;
const a = tf.tensor1d(Array.from({ length: dims }, (_, i) => 2 + (i % 3))); // target point, entries 2..4

const f = (z) => tf.sum(tf.square(z.sub(a)), 1); // per-sample cost, [samples]
const trueObjective = (mu, logSigma) => tf.sum(tf.square(mu.sub(a))).add(tf.sum(tf.exp(logSigma.mul(2))));

const estimators = ['pathwise', 'score function'].map((name) => ({
  name,
  mu: tf.variable(tf.zeros([dims])),
  logSigma: tf.variable(tf.zeros([dims])), // σ = exp(logσ) stays positive
  optimizer: tf.train.adam(0.05),
}));
const [pathwise, scoreFunction] = estimators;

// How noisy is each estimate of ∂J/∂μ₁ at the starting point (μ = 0, σ = 1)? Exact value: 2(μ₁ − a₁) = −4.
tf.tidy(() => {
  const eps = tf.randomNormal([2000, dims], 0, 1, 'float32', 7);
  const z = eps; // μ = 0, σ = 1
  const pathwiseGrad = z.slice([0, 0], [-1, 1]).sub(a.slice(0, 1)).mul(2); // ∂f/∂z₁ · ∂z₁/∂μ₁
  const scoreGrad = f(z).reshape([-1, 1]).mul(eps.slice([0, 0], [-1, 1])); // f(z) · ∂log q/∂μ₁ = f(z)·(z₁ − μ₁)/σ²
  for (const [name, g] of [['pathwise', pathwiseGrad], ['score function', scoreGrad]]) {
    const { mean, variance } = tf.moments(g);
    console.log(`${name.padEnd(15)} one-sample estimate of ∂J/∂μ₁: mean ${mean.dataSync()[0].toFixed(2)}, std ${Math.sqrt(variance.dataSync()[0]).toFixed(1)}`);
  }
});

for (let step = 0; step < steps; step++) {
  // Both estimators see the same noise ε at each step.
  const eps = tf.randomNormal([samples, dims], 0, 1, 'float32', 1000 + step);

  // Pathwise: z = μ + σ·ε is a differentiable function of μ and σ, so backpropagate through the sample.
  pathwise.optimizer.minimize(() => tf.mean(f(pathwise.mu.add(tf.exp(pathwise.logSigma).mul(eps)))));

  // Score function: z is just a number (no gradient path); weight ∇ log q(z) by f(z) instead.
  const { mu, logSigma } = scoreFunction;
  const z = tf.tidy(() => mu.add(tf.exp(logSigma).mul(eps)));
  const cost = tf.tidy(() => f(z));
  scoreFunction.optimizer.minimize(() => {
    const logQ = tf.sum(tf.square(z.sub(mu)).mul(tf.exp(logSigma.mul(-2))).mul(-0.5).sub(logSigma), 1);
    return tf.mean(cost.mul(logQ)); // surrogate: its gradient is the estimator, its value means nothing
  });
  tf.dispose([eps, z, cost]);

  for (const e of estimators) {
    const objective = tf.tidy(() => trueObjective(e.mu, e.logSigma));
    report(objective, e.name);
    objective.dispose();
  }
}
