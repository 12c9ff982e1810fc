// @title SGD vs momentum vs Nesterov on badly scaled inputs
// @note stochastic-gradient-descent
// @steps 300
// @expect momentum 0.9 < SGD
// @expect Nesterov 0.9 < SGD
// @expect momentum 0.9 < SGD, lr × 10
// A 16 → 32 → 32 → 4 ReLU classifier whose 16 input features have scales from 0.1 to 10, so the loss is far
// steeper in some directions than in others. Plain SGD at a safe learning rate η crawls. Momentum 0.9 at the same η
// takes steps about as long as SGD with 10η (its effective step is η/(1−μ)) and ends lower than that faster SGD:
// across the steep directions successive gradients alternate and cancel in the velocity, along the shallow ones
// they add up. Nesterov evaluates the correction one step ahead. The curves show the loss on the whole training set.
const steps = STEPS ?? 300;
const features = 16;
const hidden = 32;
const classes = 4;
const batch = 64;
const lr = 0.015;
const mu = 0.9;
const evaluateEvery = 5;

const train = data.classification({ n: 1024, features, classes, spread: 0.5, seed: 2 });
const scales = tf.tensor1d(Array.from({ length: features }, (_, j) => 10 ** (-1 + (2 * j) / (features - 1))));
const x = train.x.mul(scales);
const y = train.y;
tf.dispose([train.x, train.labels, scales]);

const glorot = (shape, seed) => {
  const limit = Math.sqrt(6 / (shape[0] + shape[1]));
  return tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', seed));
};
// Same initial weights (same seeds) for every variant; only the optimizer differs.
const variants = [
  ['SGD', tf.train.sgd(lr)],
  ['SGD, lr × 10', tf.train.sgd(lr / (1 - mu))],
  ['momentum 0.9', tf.train.momentum(lr, mu)],
  ['Nesterov 0.9', tf.train.momentum(lr, mu, true)],
].map(([name, optimizer]) => ({
  name,
  optimizer,
  weights: [glorot([features, hidden], 1), glorot([hidden, hidden], 1 + 1), glorot([hidden, classes], 1 + 2)],
  biases: [hidden, hidden, classes].map((k) => tf.variable(tf.zeros([k]))),
}));

function logits(net, input) {
  let h = input;
  net.weights.forEach((w, l) => {
    h = tf.matMul(h, w).add(net.biases[l]);
    if (l < net.weights.length - 1) h = tf.relu(h);
  });
  return h;
}

const n = x.shape[0];
for (let step = 1; step <= steps; step++) {
  const start = ((step - 1) * batch) % n;
  const [xb, yb] = tf.tidy(() => [x.slice([start, 0], [batch, -1]), y.slice([start, 0], [batch, -1])]);
  for (const net of variants) {
    net.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yb, logits(net, xb)));
    // The loss on the whole training set every few steps: smoother than mini-batch losses.
    if (step === 1 || step % evaluateEvery === 0) {
      const loss = tf.tidy(() => tf.losses.softmaxCrossEntropy(y, logits(net, x)));
      report(loss, { series: net.name, step });
      loss.dispose();
    }
  }
  xb.dispose();
  yb.dispose();
}

for (const net of variants) {
  const accuracy = tf.tidy(() => logits(net, x).argMax(-1).equal(y.argMax(-1)).mean().dataSync()[0]);
  console.log(`${net.name.padEnd(13)} training accuracy ${(100 * accuracy).toFixed(1)}%`);
}
