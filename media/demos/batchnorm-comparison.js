// @title Batch normalization: a deep MLP with and without BatchNorm
// @note normalization
// @steps 120
// @expect with BatchNorm < without
// Two 6-hidden-layer ReLU MLPs learn the three-armed spiral with plain SGD at the same, fairly high learning rate (0.1).
// With BatchNorm every layer sees standardized inputs and the loss drops fast; without it the loss crawls.
const steps = STEPS ?? 120;
const depth = 6;
const width = 64;
const batch = 64;
const n = 1024;
const classes = 3;

// Spiral points come ordered by radius: shuffle them once so each batch covers all of the spiral.
const spirals = data.spirals({ n, classes, noise: 0.1, seed: 1 });
const rng = data.rng(5);
const order = Array.from({ length: n }, (_, i) => i);
for (let i = n - 1; i > 0; i--) {
  const j = rng.int(i + 1);
  [order[i], order[j]] = [order[j], order[i]];
}
const [x, y] = tf.tidy(() => {
  const index = tf.tensor1d(order, 'int32');
  return [tf.gather(spirals.x, index), tf.gather(spirals.y, index)];
});
tf.dispose([spirals.x, spirals.y, spirals.labels]);

function makeMlp(withBatchNorm) {
  const sizes = [2, ...Array(depth).fill(width), classes];
  const layers = sizes.slice(0, -1).map((fanIn, i) => ({
    w: tf.variable(tf.randomNormal([fanIn, sizes[i + 1]], 0, Math.sqrt(2 / fanIn), 'float32', 10 + i)), // He init
    b: tf.variable(tf.zeros([sizes[i + 1]])), // with BatchNorm this is β: the normalization would remove a bias anyway
    gamma: withBatchNorm && i < depth ? tf.variable(tf.ones([sizes[i + 1]])) : null,
  }));
  const forward = (input) => {
    let h = input;
    layers.forEach((layer, i) => {
      h = tf.matMul(h, layer.w);
      if (layer.gamma) {
        // Training mode: one mean and variance per unit, over the examples of the mini-batch.
        const { mean, variance } = tf.moments(h, 0);
        h = h.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(layer.gamma);
      }
      h = h.add(layer.b);
      if (i < depth) h = tf.relu(h);
    });
    return h;
  };
  const params = layers.flatMap((l) => [l.w, l.b, l.gamma].filter(Boolean));
  return { forward, params, optimizer: tf.train.sgd(0.1) };
}

const models = { 'with BatchNorm': makeMlp(true), without: makeMlp(false) };
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n; // consecutive mini-batches, wrapping around the data set
  const [xb, yb] = [x.slice(start, batch), y.slice(start, batch)];
  for (const [name, model] of Object.entries(models)) {
    const loss = model.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yb, model.forward(xb)), true);
    report(loss, name);
    loss.dispose();
  }
  tf.dispose([xb, yb]);
}

for (const model of Object.values(models)) {
  tf.dispose(model.params);
  model.optimizer.dispose();
}
tf.dispose([x, y]);
