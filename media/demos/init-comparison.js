// @title Weight initialization: N(0,1) vs Xavier vs He
// @note weight-initialization-in-deep-neural-networks
// @steps 160
// @expect He < N(0,1)
// @expect Xavier < N(0,1)
// @expect He < Xavier
// Three copies of one 10-layer ReLU MLP that differ only in the scale of their initial weights; He trains first,
// Xavier (made for tanh) starts with a faded signal, N(0,1) with a huge one. The chart shows log10 of the cross-entropy.
const steps = STEPS ?? 160;
const depth = 10;
const width = 32;
const features = 16;
const classes = 4;
const batch = 64;

const train = data.classification({ n: 1024, features, classes, spread: 0.7, seed: 7 });

// Same random directions (same seeds) for every variant: only the standard deviation differs.
const schemes = {
  'N(0,1)': () => 1,
  Xavier: (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)),
  He: (fanIn) => Math.sqrt(2 / fanIn),
};

const nets = Object.entries(schemes).map(([name, std]) => ({
  name,
  // The 8 hidden 32×32 matrices live in one [8, 32, 32] variable: fewer optimizer updates per step.
  weights: [
    tf.variable(tf.randomNormal([features, width], 0, std(features, width), 'float32', 100)),
    tf.variable(tf.randomNormal([depth - 2, width, width], 0, std(width, width), 'float32', 101)),
    tf.variable(tf.randomNormal([width, classes], 0, std(width, classes), 'float32', 102)),
  ],
  optimizer: tf.train.momentum(0.01, 0.9),
  clipped: 0,
}));

function forward([first, hidden, last], x, stds) {
  const layers = [first, ...tf.unstack(hidden), last];
  let h = x;
  layers.forEach((w, l) => {
    h = tf.matMul(h, w);
    if (l < layers.length - 1) h = tf.relu(h);
    if (stds) stds.push(tf.moments(h).variance.sqrt().dataSync()[0]);
  });
  return h;
}

// Check rather than trust: the output scale of every layer at initialization.
tf.tidy(() => {
  for (const net of nets) {
    const stds = [];
    forward(net.weights, train.x.slice([0, 0], [256, -1]), stds);
    console.log(`${net.name.padEnd(6)} layer output std: ${stds.map((s) => s.toPrecision(2)).join(' ')}`);
  }
});

// A safety clip on the gradient norm keeps the N(0,1) net finite (its raw gradient norm starts near 1e6); Xavier and He (almost) never reach it.
const maxNorm = 5;
const n = train.x.shape[0];
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n;
  const [xb, yb] = tf.tidy(() => [train.x.slice([start, 0], [batch, -1]), train.y.slice([start, 0], [batch, -1])]);
  for (const net of nets) {
    const lossValue = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(yb, forward(net.weights, xb)), net.weights);
      const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0];
      const scale = Math.min(1, maxNorm / norm);
      if (scale < 1) net.clipped++;
      net.optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.mul(scale)])));
      return value.dataSync()[0];
    });
    report(Math.log10(lossValue), net.name);
  }
  xb.dispose();
  yb.dispose();
}
for (const net of nets) console.log(`${net.name}: gradient clipped on ${net.clipped} of ${steps} steps`);
