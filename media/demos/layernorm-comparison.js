// @title Layer normalization: a deep MLP with and without LayerNorm
// @note layer-normalization
// @steps 120
// @expect with LayerNorm < without
// A 64→128→128→128→128→1 ReLU MLP with PyTorch's default init, trained with SGD + momentum. The signal shrinks at
// every plain layer and the net barely learns; LayerNorm re-standardizes each example's activations, and it trains.
const steps = STEPS ?? 120;
const features = 64;
const width = 128;
const depth = 4;
const batch = 64;
const n = 2048;

const { x, y: linearTarget } = data.regression({ n, features, noise: 0, seed: 3 });
linearTarget.dispose();
// A smooth non-linear target instead: a random one-hidden-layer tanh "teacher", scaled to unit variance.
const y = tf.tidy(() => {
  const t = tf.tanh(x.matMul(tf.randomNormal([features, 32], 0, 1 / Math.sqrt(features), 'float32', 11)))
    .matMul(tf.randomNormal([32, 1], 0, 1, 'float32', 12));
  const { mean, variance } = tf.moments(t);
  return t.sub(mean).div(variance.sqrt());
});

function makeMlp(withLayerNorm) {
  const sizes = [features, ...Array(depth).fill(width), 1];
  const layers = sizes.slice(0, -1).map((fanIn, i) => ({
    // PyTorch's nn.Linear default: U(-1/√fanIn, 1/√fanIn), i.e. std 1/√(3·fanIn).
    w: tf.variable(tf.randomUniform([fanIn, sizes[i + 1]], -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), 'float32', 20 + i)),
    b: tf.variable(tf.zeros([sizes[i + 1]])),
    gain: withLayerNorm && i < depth ? tf.variable(tf.ones([sizes[i + 1]])) : null,
    bias: withLayerNorm && i < depth ? tf.variable(tf.zeros([sizes[i + 1]])) : null,
  }));
  const forward = (input) => {
    let h = input;
    layers.forEach((layer, i) => {
      h = tf.matMul(h, layer.w).add(layer.b);
      if (i === depth) return; // the output layer stays linear
      if (layer.gain) {
        // One mean and variance per example, over its 128 features.
        const { mean, variance } = tf.moments(h, -1, true);
        h = h.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(layer.gain).add(layer.bias);
      }
      h = tf.relu(h);
    });
    return h;
  };
  const params = layers.flatMap((l) => [l.w, l.b, l.gain, l.bias].filter(Boolean));
  return { forward, params, optimizer: tf.train.momentum(0.003, 0.9) };
}

const models = { 'with LayerNorm': makeMlp(true), without: makeMlp(false) };
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n; // consecutive mini-batches, wrapping around the data set
  const [xb, yb] = [x.slice(start, batch), y.slice(start, batch)];
  for (const [name, model] of Object.entries(models)) {
    const loss = model.optimizer.minimize(() => model.forward(xb).sub(yb).square().mean(), true);
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
