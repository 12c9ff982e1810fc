// @title GAN on a 1-D mixture: non-saturating vs minimax generator loss
// @note generative-adversarial-networks
// @steps 400
// @expect non-saturating < minimax
// Data: two Gaussians at 4 and 7. The generator (a small MLP of z ~ N(0, 1)) starts near 0, and the discriminator
// trains alone for 100 steps first, so it rejects the fakes confidently: the regime early in training where the
// minimax loss log(1 − D(G(z))) saturates. Both generators then train with SGD + momentum against their own
// discriminator; the curves show the 1-D Wasserstein distance between 512 generated and 512 real samples.
// (With Adam for the generator the gap mostly closes: Adam rescales the tiny saturated gradient.)
const steps = STEPS ?? 400;
const warmup = Math.min(100, Math.floor(steps / 4)); // discriminator-only steps
const hidden = 32;
const batch = 128;
const n = 2048;

const rng = data.rng(5);
const sample = (count) => Float32Array.from({ length: count }, () => (rng.next() < 0.5 ? 4 : 7) + 0.4 * rng.normal());
const real = tf.tensor2d(sample(n), [n, 1]);
const realEval = Array.from(sample(512)).sort((a, b) => a - b);
const zEval = tf.randomNormal([512, 1], 0, 1, 'float32', 99);

const dense = (fanIn, fanOut, seed) => ({
  w: tf.variable(tf.randomUniform([fanIn, fanOut], -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), 'float32', seed)),
  b: tf.variable(tf.zeros([fanOut])),
});
const mlp = (seed) => [dense(1, hidden, seed), dense(hidden, hidden, seed + 1), dense(hidden, 1, seed + 2)];
const forward = (layers, x) =>
  layers.reduce((h, { w, b }, i) => {
    const y = tf.matMul(h, w).add(b);
    return i < layers.length - 1 ? tf.leakyRelu(y, 0.2) : y;
  }, x);
const vars = (layers) => layers.flatMap(({ w, b }) => [w, b]);

// The same initial weights for both runs (same seeds); only the generator's loss differs.
const runs = ['non-saturating', 'minimax'].map((name) => ({
  name,
  G: mlp(10),
  D: mlp(20),
  optG: tf.train.momentum(0.002, 0.9),
  optD: tf.train.adam(0.002, 0.5),
}));

// −log σ(l) = softplus(−l), −log(1 − σ(l)) = softplus(l)
const dLoss = (D, xb, fake) => tf.mean(tf.softplus(forward(D, xb).neg())).add(tf.mean(tf.softplus(forward(D, fake))));
const gLoss = (name, D, fake) =>
  name === 'non-saturating'
    ? tf.mean(tf.softplus(forward(D, fake).neg())) // minimize −log D(G(z))
    : tf.mean(tf.softplus(forward(D, fake))).neg(); // minimize log(1 − D(G(z)))

for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n;
  const xb = real.slice([start, 0], [batch, 1]);
  const z = tf.randomNormal([batch, 1], 0, 1, 'float32', 1000 + step);
  for (const run of runs) {
    const fake = tf.tidy(() => forward(run.G, z));
    run.optD.minimize(() => dLoss(run.D, xb, fake), false, vars(run.D));
    fake.dispose();
    if (step < warmup) continue;
    run.optG.minimize(() => gLoss(run.name, run.D, forward(run.G, z)), false, vars(run.G));
    const generated = tf.tidy(() => forward(run.G, zEval).dataSync());
    const sorted = Array.from(generated).sort((a, b) => a - b);
    report(sorted.reduce((sum, v, i) => sum + Math.abs(v - realEval[i]), 0) / sorted.length, run.name);
  }
  tf.dispose([xb, z]);
}

// Where did each generator put its samples? A histogram over [−1, 9], one column per 0.25.
for (const run of runs) {
  const values = tf.tidy(() => forward(run.G, zEval).dataSync());
  const counts = new Array(40).fill(0);
  values.forEach((v) => counts[Math.min(39, Math.max(0, Math.floor((v + 1) / 0.25)))]++);
  console.log(`${run.name.padEnd(15)}|${counts.map((c) => ' .:*#'[Math.min(4, Math.ceil(c / 8))]).join('')}|`);
}
const realCounts = new Array(40).fill(0);
realEval.forEach((v) => realCounts[Math.min(39, Math.max(0, Math.floor((v + 1) / 0.25)))]++);
console.log(`${'data'.padEnd(15)}|${realCounts.map((c) => ' .:*#'[Math.min(4, Math.ceil(c / 8))]).join('')}|  (−1 … 9)`);
