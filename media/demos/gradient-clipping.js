// @title Gradient clipping: with vs without a global-norm clip
// @note challenges-of-optimizing-deep-models
// @steps 250
// @expect with clipping < without clipping
// An 8-layer tanh MLP initialized on the chaotic side (gain 2) learns the two spirals with SGD + momentum (lr 0.1, β 0.9).
// Its gradient norm keeps jumping to several times its usual size: unclipped, every jump is a huge step that momentum
// carries on for ~10 more steps, so the loss spikes and the run never settles; clipped at norm 1, the same run trains.
const steps = STEPS ?? 250;
const depth = 8;
const width = 32;
const classes = 2;
const batch = 64;
const maxNorm = 1; // about the gradient norm of a calm step: the clip cuts the jumps down to that size

const spirals = data.spirals({ n: 1024, classes, noise: 0.2, seed: 5 });
// The spirals come ordered by radius: shuffle them once so every batch covers the whole plane.
const order = tf.tensor1d(Array.from({ length: 1024 }, (_, i) => (i * 389) % 1024), 'int32');
const x = tf.gather(spirals.x, order);
const y = tf.gather(spirals.y, order);
tf.dispose([spirals.x, spirals.y, spirals.labels, order]);

// With Var(w) = gain²/fan_in and gain > 1 the tanh layers multiply the gradient a little at every layer.
function makeNet() {
  const weights = [];
  for (let l = 0; l < depth; l++) {
    const fanIn = l === 0 ? 2 : width;
    const fanOut = l === depth - 1 ? classes : width;
    const gain = l === 0 || l === depth - 1 ? 1 : 2;
    weights.push(tf.variable(tf.randomNormal([fanIn, fanOut], 0, gain / Math.sqrt(fanIn), 'float32', 20 + l)));
  }
  return weights;
}

// Both runs start from the same weights and see the same batches; only the clip differs.
const variants = [
  { name: 'with clipping', maxNorm },
  { name: 'without clipping', maxNorm: Infinity },
].map((v) => ({ ...v, weights: makeNet(), optimizer: tf.train.momentum(0.1, 0.9), clipped: 0, norms: [] }));

function forward(weights, input) {
  let h = input;
  weights.forEach((w, l) => {
    h = tf.matMul(h, w);
    if (l < weights.length - 1) h = tf.tanh(h);
  });
  return h;
}

for (let step = 0; step < steps; step++) {
  const start = (step * batch) % 1024;
  const [xb, yb] = tf.tidy(() => [x.slice([start, 0], [batch, -1]), y.slice([start, 0], [batch, -1])]);
  for (const v of variants) {
    const lossValue = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(yb, forward(v.weights, xb)), v.weights);
      // g ← g · min(1, c / ‖g‖), with ‖g‖ taken over all parameters at once: the direction is kept.
      const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0];
      const scale = Math.min(1, v.maxNorm / norm);
      if (scale < 1) v.clipped++;
      v.norms.push(norm);
      v.optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, g.mul(scale)])));
      return value.dataSync()[0];
    });
    report(lossValue, v.name);
  }
  xb.dispose();
  yb.dispose();
}

for (const v of variants) {
  const sorted = [...v.norms].sort((a, b) => a - b);
  console.log(`${v.name}: gradient norm median ${sorted[sorted.length >> 1].toFixed(2)}, largest ${sorted[sorted.length - 1].toFixed(1)}` +
    (v.maxNorm < Infinity ? `, clipped on ${v.clipped} of ${steps} steps` : ''));
  tf.dispose(v.weights);
  v.optimizer.dispose();
}
tf.dispose([x, y]);
