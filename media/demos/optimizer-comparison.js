// @title Optimizers on an ill-conditioned problem: SGD vs momentum vs Adam
// @note adaptive-learning-rate-optimizers
// @steps 300
// @expect Adam < SGD
// @expect SGD + momentum < SGD
// @expect Adam < SGD + momentum
// A linear model on 16 features whose scales span 0.1 to 10, so the loss curvature differs 10,000× between directions.
// SGD must use a step small enough for the steepest direction and then crawls along the flat ones; Adam rescales each weight.
const steps = STEPS ?? 300;
const features = 16;
const n = 512;
const batch = 64;

// Feature j has scale s_j and true weight 1/s_j: every feature matters equally, but the Hessian is diag(s_j²).
const rng = data.rng(3);
const scales = Array.from({ length: features }, (_, j) => 10 ** (-1 + (2 * j) / (features - 1)));
const xs = new Float32Array(n * features);
const ys = new Float32Array(n);
for (let i = 0; i < n; i++) {
  for (let j = 0; j < features; j++) {
    const v = scales[j] * rng.normal();
    xs[i * features + j] = v;
    ys[i] += v / scales[j];
  }
  ys[i] += 0.1 * rng.normal();
}
const x = tf.tensor2d(xs, [n, features]);
const y = tf.tensor2d(ys, [n, 1]);

// Plain SGD is stable only for lr < 2 / (largest curvature) = 2 / 200, so both SGD variants use 0.004;
// momentum lets the step build up along the flat directions, where successive gradients agree.
const variants = [
  ['SGD', tf.train.sgd(0.004)],
  ['SGD + momentum', tf.train.momentum(0.004, 0.9)],
  ['Adam', tf.train.adam(0.05)],
].map(([name, optimizer]) => ({ name, optimizer, w: tf.variable(tf.zeros([features, 1])), b: tf.variable(tf.zeros([1])) }));

for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n;
  const [xb, yb] = tf.tidy(() => [x.slice([start, 0], [batch, -1]), y.slice([start, 0], [batch, -1])]);
  for (const v of variants) {
    const loss = v.optimizer.minimize(() => tf.mean(tf.square(tf.matMul(xb, v.w).add(v.b).sub(yb))), true);
    report(loss, v.name);
    loss.dispose();
  }
  xb.dispose();
  yb.dispose();
}

// The flat directions are the small-scale features: SGD has barely moved their weights towards 1/s.
for (const v of variants) {
  const w = v.w.dataSync();
  console.log(`${v.name.padEnd(15)} weight error on the 4 flattest features: ${[0, 1, 2, 3].map((j) => Math.abs(w[j] * scales[j] - 1).toFixed(2)).join(' ')}`);
}
