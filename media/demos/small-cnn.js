// @title Small CNN vs MLP on noisy bar images
// @note convolutional-neural-networks
// @steps 150
// @expect CNN < MLP
// Both models have about 1,200 weights. The CNN reuses small shared filters at every position (conv, pool,
// conv, global average) and learns horizontal vs vertical bars faster than the MLP that sees 144 unrelated pixels.
const steps = STEPS ?? 150;
const size = 12;
const batch = 32;
const n = 2048;
const { x: images, y: labels, labels: classIds } = data.bars({ n, size, noise: 0.5, seed: 1 });
classIds.dispose(); // the one-hot labels are enough

const he = (shape, fanIn, seed) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed));
const zeros = (k) => tf.variable(tf.zeros([k]));
// CNN: 3×3 conv (8) → ReLU → 2×2 max-pool → 3×3 conv (16) → ReLU → global average pool → linear: 1,282 weights.
const cnn = { k1: he([3, 3, 1, 8], 9, 1), b1: zeros(8), k2: he([3, 3, 8, 16], 72, 2), b2: zeros(16), w: he([16, 2], 16, 3), b: zeros(2) };
// MLP: 144 pixels → 8 hidden → 2: 1,178 weights.
const mlp = { w1: he([size * size, 8], size * size, 4), b1: zeros(8), w2: he([8, 2], 8, 5), b2: zeros(2) };

function cnnLogits(x) {
  let h = tf.relu(tf.conv2d(x, cnn.k1, 1, 'same').add(cnn.b1));
  h = tf.maxPool(h, 2, 2, 'valid');
  h = tf.relu(tf.conv2d(h, cnn.k2, 1, 'same').add(cnn.b2));
  return tf.matMul(h.mean([1, 2]), cnn.w).add(cnn.b);
}
const mlpLogits = (x) => tf.matMul(tf.relu(tf.matMul(x.reshape([-1, size * size]), mlp.w1).add(mlp.b1)), mlp.w2).add(mlp.b2);

const models = { CNN: { logits: cnnLogits, optimizer: tf.train.adam(0.01) }, MLP: { logits: mlpLogits, optimizer: tf.train.adam(0.01) } };
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n; // consecutive mini-batches, wrapping around the data set
  const [x, y] = [images.slice(start, batch), labels.slice(start, batch)];
  for (const [name, model] of Object.entries(models)) {
    const loss = model.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.logits(x)), true);
    report(loss, name);
    loss.dispose();
  }
  tf.dispose([x, y]);
}

// Accuracy on images neither model has seen.
const test = data.bars({ n: 512, size, noise: 0.5, seed: 2 });
for (const [name, model] of Object.entries(models)) {
  const accuracy = tf.tidy(() => model.logits(test.x).argMax(-1).equal(test.labels).mean().dataSync()[0]);
  console.log(`${name} test accuracy: ${(100 * accuracy).toFixed(1)}%`);
  model.optimizer.dispose();
}
tf.dispose([images, labels, test.x, test.y, test.labels, ...Object.values(cnn), ...Object.values(mlp)]);
