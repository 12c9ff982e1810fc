// @title Learning-rate schedules: constant vs step decay vs cosine, same peak
// @note learning-rate-schedules
// @steps 400
// @expect cosine < constant
// @expect step decay < constant
// One MLP regression (8 → 64 → 64 → 1, noisy targets) trained three times with SGD + momentum 0.9 from the same
// weights and the same peak learning rate; only the schedule differs. With small mini-batches the gradient noise keeps
// the constant-rate run bouncing well above the minimum. Step decay drops at 50% and 75% of training, cosine glides
// down to zero: both end lower. The curves show the MSE on the whole training set (the noise floor is about 0.25).
const steps = STEPS ?? 400;
const features = 8;
const hidden = 64;
const batch = 8;
const peak = 0.01;
const evaluateEvery = 5;

const train = data.regression({ n: 1024, features, noise: 0.5, seed: 1 });

const glorot = (shape, seed) => {
  const limit = Math.sqrt(6 / (shape[0] + shape[1]));
  return tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', seed));
};

// The learning rate as a function of the step: what torch's StepLR/MultiStepLR and CosineAnnealingLR compute.
const schedules = {
  constant: () => peak,
  'step decay': (t) => peak * 0.1 ** ((t >= 0.5 * steps) + (t >= 0.75 * steps)),
  cosine: (t) => 0.5 * peak * (1 + Math.cos((Math.PI * t) / steps)),
};

// Same seeds for every variant: identical initial weights.
const nets = Object.entries(schedules).map(([name, lrAt]) => ({
  name,
  lrAt,
  optimizer: tf.train.momentum(peak, 0.9),
  weights: [glorot([features, hidden], 1), glorot([hidden, hidden], 2), glorot([hidden, 1], 3)],
  biases: [hidden, hidden, 1].map((k) => tf.variable(tf.zeros([k]))),
}));

function predict(net, input) {
  let h = input;
  net.weights.forEach((w, l) => {
    h = tf.matMul(h, w).add(net.biases[l]);
    if (l < net.weights.length - 1) h = tf.relu(h);
  });
  return h;
}

const n = train.x.shape[0];
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n;
  const [xb, yb] = tf.tidy(() => [train.x.slice([start, 0], [batch, -1]), train.y.slice([start, 0], [batch, -1])]);
  for (const net of nets) {
    // TF.js has no scheduler: set the rate before every optimizer step (per step, not per epoch).
    net.optimizer.setLearningRate(net.lrAt(step));
    net.optimizer.minimize(() => tf.losses.meanSquaredError(yb, predict(net, xb)));
    if (step === 0 || (step + 1) % evaluateEvery === 0) {
      const loss = tf.tidy(() => tf.losses.meanSquaredError(train.y, predict(net, train.x)));
      report(loss, { series: net.name, step: step + 1 });
      loss.dispose();
    }
  }
  xb.dispose();
  yb.dispose();
}

for (const net of nets) console.log(`${net.name.padEnd(10)} learning rate at the last step: ${net.lrAt(steps - 1).toExponential(2)}`);
