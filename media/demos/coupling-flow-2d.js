// @title Normalizing flow: RealNVP affine couplings on two moons
// @note normalizing-flows
// @steps 200
// Four affine coupling layers map the two-moons data to a standard Gaussian; the loss is the exact negative log-likelihood
// log p(x) = log N(f(x); 0, I) + Σ log|det ∂f/∂x|. The output draws samples of the trained flow (Gaussian noise run backwards).
const steps = STEPS ?? 200;
const couplings = 4;
const hidden = 32;
const batch = 128;
const n = 1024;

// Two interleaved half circles with a little noise, standardized.
const rng = data.rng(4);
const points = new Float32Array(2 * n);
for (let i = 0; i < n; i++) {
  const upper = i % 2 === 0;
  const angle = Math.PI * rng.next();
  const x = upper ? Math.cos(angle) : 1 - Math.cos(angle);
  const y = upper ? Math.sin(angle) : 0.5 - Math.sin(angle);
  points[2 * i] = (x - 0.5) / 0.87 + 0.05 * rng.normal();
  points[2 * i + 1] = (y - 0.25) / 0.5 + 0.05 * rng.normal();
}
const moons = tf.tensor2d(points, [n, 2]);

// Each coupling keeps one coordinate x_a and transforms the other: x_b ← x_b · exp(s(x_a)) + t(x_a),
// with s and t from a small tanh MLP of x_a. The two coordinates are kept as separate [n, 1] columns.
// The weights of all couplings are stacked into six variables (one Adam update each instead of 6 × couplings),
// and the output layer starts at zero, so every coupling starts as the identity.
const params = {
  w1: tf.variable(tf.randomNormal([couplings, 1, hidden], 0, 1, 'float32', 1)),
  b1: tf.variable(tf.zeros([couplings, hidden])),
  w2: tf.variable(tf.randomNormal([couplings, hidden, hidden], 0, Math.sqrt(1 / hidden), 'float32', 2)),
  b2: tf.variable(tf.zeros([couplings, hidden])),
  w3: tf.variable(tf.zeros([couplings, hidden, 2])),
  b3: tf.variable(tf.zeros([couplings, 2])),
};
const keep = (k) => k % 2; // alternate which coordinate passes through unchanged

function layerWeights() {
  const unstacked = Object.fromEntries(Object.entries(params).map(([name, v]) => [name, tf.unstack(v)]));
  return Array.from({ length: couplings }, (_, k) => Object.fromEntries(Object.keys(params).map((name) => [name, unstacked[name][k]])));
}

function scaleShift({ w1, b1, w2, b2, w3, b3 }, xa) {
  const h = tf.tanh(tf.matMul(tf.tanh(tf.matMul(xa, w1).add(b1)), w2).add(b2));
  const [s, t] = tf.split(tf.matMul(h, w3).add(b3), 2, 1);
  return [tf.tanh(s).mul(2), t]; // a bounded log-scale keeps exp(s) from exploding
}

// Data → latent, accumulating log|det J| = Σ s per sample.
function toLatent(x) {
  const cols = tf.split(x, 2, 1);
  let logDet = 0;
  layerWeights().forEach((w, k) => {
    const [s, t] = scaleShift(w, cols[keep(k)]);
    cols[1 - keep(k)] = cols[1 - keep(k)].mul(tf.exp(s)).add(t);
    logDet = tf.add(logDet, s);
  });
  return [cols, logDet];
}

// Latent → data: the inverse is just as cheap, x_b = (y_b − t(y_a)) · exp(−s(y_a)); s and t are never inverted.
function toData(z) {
  const cols = tf.split(z, 2, 1);
  const weights = layerWeights();
  for (let k = couplings - 1; k >= 0; k--) {
    const [s, t] = scaleShift(weights[k], cols[keep(k)]);
    cols[1 - keep(k)] = cols[1 - keep(k)].sub(t).mul(tf.exp(s.neg()));
  }
  return tf.concat(cols, 1);
}

const nll = (x) => {
  const [[z0, z1], logDet] = toLatent(x);
  const logPz = tf.square(z0).add(tf.square(z1)).mul(-0.5).sub(Math.log(2 * Math.PI));
  return tf.mean(logPz.add(logDet)).neg();
};

const optimizer = tf.train.adam(0.006);
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n;
  const xb = moons.slice([start, 0], [batch, -1]);
  const loss = optimizer.minimize(() => nll(xb), true);
  report(loss, 'negative log-likelihood');
  loss.dispose();
  xb.dispose();
}

// Draw 800 samples and print a coarse density map of them.
tf.tidy(() => {
  const samples = toData(tf.randomNormal([800, 2], 0, 1, 'float32', 99)).dataSync();
  const cols = 48;
  const rows = 16;
  const grid = Array.from({ length: rows }, () => new Array(cols).fill(0));
  for (let i = 0; i < samples.length; i += 2) {
    const c = Math.floor(((samples[i] + 2.2) / 4.4) * cols);
    const r = Math.floor(((2.2 - samples[i + 1]) / 4.4) * rows);
    if (c >= 0 && c < cols && r >= 0 && r < rows) grid[r][c]++;
  }
  console.log('samples from the trained flow:\n' + grid.map((row) => row.map((v) => ' .:*#'[Math.min(4, v)]).join('')).join('\n'));
});
