// @title Weight initialization: N(0,1) vs Xavier vs He
// @note weight-initialization-in-deep-neural-networks
// @steps 200
// Three copies of one 10-layer ReLU MLP that differ only in the scale of their initial weights; He trains first,
// Xavier (made for tanh) starts with a faded signal, N(0,1) with a huge one. The chart shows log10 of the cross-entropy.
const steps = STEPS ?? 200;
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

const nets = Object.entries(schemes).map(([name, std]) => {
  const weights = [];
  for (let l = 0; l < depth; l++) {
    const fanIn = l === 0 ? features : width;
    const fanOut = l === depth - 1 ? classes : width;
    weights.push(tf.variable(tf.randomNormal([fanIn, fanOut], 0, std(fanIn, fanOut), 'float32', 100 + l)));
  }
  return { name, weights, optimizer: tf.train.momentum(0.01, 0.9), clipped: 0 };
});

function forward(weights, x, stds) {
  let h = x;
  weights.forEach((w, l) => {
    h = tf.matMul(h, w);
    if (l < weights.length - 1) h = tf.relu(h);
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

// A safety clip on the gradient norm keeps the N(0,1) net finite (its raw gradients are ~1e5); Xavier and He never reach it.
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
