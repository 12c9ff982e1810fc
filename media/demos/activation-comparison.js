// @title Activation functions: sigmoid vs tanh vs ReLU vs GELU in an 8-layer MLP
// @note activation-functions
// @steps 300
// @expect ReLU < sigmoid
// @expect GELU < sigmoid
// @expect tanh < sigmoid
// Four copies of one 8-layer MLP (2 → 32 × 7 → 2) with the same Glorot-uniform weights (the Keras default), trained
// with Adam on two interleaved spirals; only the activation differs. Through seven sigmoid layers the gradient that
// reaches the first layer is about 10⁵ times smaller than at the last (σ' ≤ 1/4, and σ's outputs are not centred),
// so the sigmoid net starts at chance (ln 2 ≈ 0.69) and is still far behind after 300 steps, while tanh, ReLU and
// GELU fit the spirals.
const steps = STEPS ?? 300;
const depth = 8;
const width = 32;
const classes = 2;
const batch = 64;

// The spirals come ordered by radius: shuffle them once so that every mini-batch covers the whole plane.
const spirals = data.spirals({ n: 768, classes, noise: 0.1, seed: 2 });
const train = tf.tidy(() => {
  const order = tf.tensor1d(Array.from({ length: 768 }, (_, i) => (i * 389) % 768), 'int32');
  return { x: tf.gather(spirals.x, order), y: tf.gather(spirals.y, order), labels: tf.gather(spirals.labels, order) };
});
tf.dispose([spirals.x, spirals.y, spirals.labels]);

const glorot = (shape, seed) => {
  const limit = Math.sqrt(6 / (shape[0] + shape[1]));
  return tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', seed));
};
// GELU(x) = x·Φ(x) = x/2 · (1 + erf(x/√2)), exact.
const gelu = (h) => h.mul(0.5).mul(tf.erf(h.mul(Math.SQRT1_2)).add(1));
const activations = { sigmoid: tf.sigmoid, tanh: tf.tanh, ReLU: tf.relu, GELU: gelu };

// Same seeds for every variant: identical initial weights.
const nets = Object.entries(activations).map(([name, activation]) => {
  const weights = [glorot([2, width], 1)];
  for (let l = 1; l < depth - 1; l++) weights.push(glorot([width, width], 1 + l));
  weights.push(glorot([width, classes], 101));
  const biases = weights.map((w) => tf.variable(tf.zeros([w.shape[1]])));
  return { name, activation, weights, biases, optimizer: tf.train.adam(0.003) };
});

function logits(net, x) {
  let h = x;
  net.weights.forEach((w, l) => {
    h = tf.matMul(h, w).add(net.biases[l]);
    if (l < depth - 1) h = net.activation(h);
  });
  return h;
}

// Check rather than trust: how much gradient reaches the first layer at initialization.
tf.tidy(() => {
  for (const net of nets) {
    const loss = () => tf.losses.softmaxCrossEntropy(train.y, logits(net, train.x));
    const { grads } = tf.variableGrads(loss, [net.weights[0], net.weights[depth - 1]]);
    const norm = (g) => g.norm().dataSync()[0].toExponential(1);
    console.log(`${net.name.padEnd(7)} gradient norm at init: first layer ${norm(grads[net.weights[0].name])}, last layer ${norm(grads[net.weights[depth - 1].name])}`);
  }
});

const n = train.x.shape[0];
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n;
  const [xb, yb] = tf.tidy(() => [train.x.slice([start, 0], [batch, -1]), train.y.slice([start, 0], [batch, -1])]);
  for (const net of nets) {
    const loss = net.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yb, logits(net, xb)), true);
    report(loss, net.name);
    loss.dispose();
  }
  xb.dispose();
  yb.dispose();
}

for (const net of nets) {
  const accuracy = tf.tidy(() => logits(net, train.x).argMax(-1).equal(train.labels).mean().dataSync()[0]);
  console.log(`${net.name.padEnd(7)} training accuracy ${(100 * accuracy).toFixed(1)}%`);
}
