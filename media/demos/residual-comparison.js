// @title Depth: a 20-layer plain MLP vs the same MLP with residual connections
// @note depth-and-trainability
// @steps 150
// @expect residual < plain
// 20 hidden ReLU layers of width 24, the same SGD + momentum, the two spirals. The plain stack makes little progress although He init
// keeps its gradients alive (printed first): the degradation problem. The residual one, h ← h + W·relu(h), starts near the identity and trains.
const steps = STEPS ?? 150;
const depth = 20;
const width = 24;
const classes = 2;
const batch = 32;

const spirals = data.spirals({ n: 1024, classes, noise: 0.1, seed: 5 });
// The spirals come ordered by radius: shuffle them once so every batch covers the whole plane.
const order = tf.tensor1d(Array.from({ length: 1024 }, (_, i) => (i * 389) % 1024), 'int32');
const x = tf.gather(spirals.x, order);
const y = tf.gather(spirals.y, order);

// He init for the plain layers (their best case). A residual branch adds to the stream instead of replacing it,
// so its weights are scaled by 1/√depth to keep the stream's variance from doubling at every block.
function makeNet(branchScale) {
  return {
    inW: tf.variable(tf.randomNormal([2, width], 0, 1, 'float32', 1)),
    inB: tf.variable(tf.randomUniform([width], -1, 1, 'float32', 3)),
    // All hidden weight matrices in one [depth, width, width] variable: one optimizer update instead of twenty.
    hidden: tf.variable(tf.randomNormal([depth, width, width], 0, branchScale * Math.sqrt(2 / width), 'float32', 10)),
    outW: tf.variable(tf.randomNormal([width, classes], 0, Math.sqrt(1 / width), 'float32', 2)),
  };
}

const nets = [
  { name: 'plain', residual: false, p: makeNet(1) },
  { name: 'residual', residual: true, p: makeNet(1 / Math.sqrt(depth)) },
];
for (const net of nets) net.optimizer = tf.train.momentum(0.01, 0.9);

function forward({ p, residual }, input) {
  let h = tf.relu(tf.matMul(input, p.inW).add(p.inB));
  for (const w of tf.unstack(p.hidden)) {
    // Pre-activation block: the skip path stays a clean identity.
    h = residual ? h.add(tf.matMul(tf.relu(h), w)) : tf.relu(tf.matMul(h, w));
  }
  return tf.matMul(residual ? tf.relu(h) : h, p.outW);
}

// Diagnose: gradient norm of the first vs the last hidden layer at initialization (no vanishing in either net).
tf.tidy(() => {
  for (const net of nets) {
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y.slice(0, 256), forward(net, x.slice(0, 256))), [net.p.hidden]);
    const perLayer = tf.unstack(grads[net.p.hidden.name]).map((g) => tf.norm(g).dataSync()[0].toExponential(1));
    console.log(`${net.name.padEnd(8)} gradient norm at init: first hidden layer ${perLayer[0]}, last ${perLayer[depth - 1]}`);
  }
});

for (let step = 0; step < steps; step++) {
  const start = (step * batch) % 1024;
  const [xb, yb] = tf.tidy(() => [x.slice([start, 0], [batch, -1]), y.slice([start, 0], [batch, -1])]);
  for (const net of nets) {
    const loss = net.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yb, forward(net, xb)), true);
    report(loss, net.name);
    loss.dispose();
  }
  xb.dispose();
  yb.dispose();
}
