// @title Recurrent nets: name the first of 20 tokens at every step (vanilla RNN vs LSTM vs GRU)
// @note recurrent-neural-networks
// @steps 150
// @expect LSTM < vanilla RNN
// @expect GRU < vanilla RNN
// Each sequence is 20 random tokens out of 16, the first one flagged; at every step the net must name that first token.
// The vanilla tanh RNN recalls it for a few steps and then loses it: the error signal from later steps reaches the first
// step only through a product of tanh-and-matrix Jacobians that shrinks with the distance, so it never learns to hold
// the token (its loss stays above 1; chance is ln 16 ≈ 2.8). The LSTM's cell state and the GRU's gated state carry it
// along an additive path, and both learn the task with the same optimizer and learning rate.
const steps = STEPS ?? 150;
const vocab = 16;
const length = 20;
const hidden = 32;
const batch = 32;
const n = 2048;
const dim = vocab + 1; // one-hot token + a flag that is 1 at the first step only

const { tokens, values } = data.sequences({ n, length, vocab, seed: 3 });
tokens.dispose();
const x = new Float32Array(n * length * dim);
const first = new Int32Array(n);
for (let i = 0; i < n; i++) {
  first[i] = values[i * length];
  for (let t = 0; t < length; t++) x[(i * length + t) * dim + values[i * length + t]] = 1;
  x[i * length * dim + vocab] = 1;
}
const inputs = tf.tensor3d(x, [n, length, dim]);
const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(first, 'int32'), vocab).toFloat());

// Every cell starts the same way: weights uniform in ±1/√hidden (PyTorch's default for nn.RNN/LSTM/GRU), zero biases,
// except the LSTM's forget-gate bias of 1 (Keras's unit_forget_bias), so its forget gate starts at σ(1) ≈ 0.73.
let seed = 10;
const uniform = (shape) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(hidden), 1 / Math.sqrt(hidden), 'float32', seed++));
function makeParams(gates, forgetBias) {
  const bias = new Float32Array(gates * hidden);
  if (forgetBias) bias.fill(forgetBias, hidden, 2 * hidden); // gate order i, f, g, o as in PyTorch and Keras
  return { w: uniform([dim, gates * hidden]), u: uniform([hidden, gates * hidden]), b: tf.variable(tf.tensor1d(bias)), wOut: uniform([hidden, vocab]), bOut: tf.variable(tf.zeros([vocab])) };
}

// One time step of each cell; xt = W·x_t + b was computed for all steps at once.
const cells = {
  // h' = tanh(W x + U h + b)
  'vanilla RNN': { gates: 1, step: (xt, { h }, p) => ({ h: tf.tanh(xt.add(tf.matMul(h, p.u))) }) },
  // i, f, o = σ(·), g = tanh(·); c' = f ⊙ c + i ⊙ g (the additive path); h' = o ⊙ tanh(c')
  LSTM: {
    gates: 4,
    forgetBias: 1,
    step: (xt, { h, c }, p) => {
      const [i, f, g, o] = tf.split(xt.add(tf.matMul(h, p.u)), 4, 1);
      const cNext = tf.sigmoid(f).mul(c).add(tf.sigmoid(i).mul(tf.tanh(g)));
      return { h: tf.sigmoid(o).mul(tf.tanh(cNext)), c: cNext };
    },
  },
  // r, z = σ(·); n = tanh(W_n x + r ⊙ (U_n h) + b_n); h' = (1 − z) ⊙ n + z ⊙ h, as PyTorch's nn.GRU
  GRU: {
    gates: 3,
    step: (xt, { h }, p) => {
      const [xrz, xn] = tf.split(xt, [2 * hidden, hidden], 1);
      const [hrz, hn] = tf.split(tf.matMul(h, p.u), [2 * hidden, hidden], 1);
      const [r, z] = tf.split(tf.sigmoid(xrz.add(hrz)), 2, 1);
      const candidate = tf.tanh(xn.add(r.mul(hn)));
      return { h: candidate.add(z.mul(h.sub(candidate))) };
    },
  },
};
const models = Object.entries(cells).map(([name, cell]) => ({ name, cell, params: makeParams(cell.gates, cell.forgetBias), optimizer: tf.train.adam(0.03) }));

function loss({ cell, params }, xb, yb) {
  const b = xb.shape[0];
  const projected = tf.matMul(xb.reshape([b * length, dim]), params.w).add(params.b).reshape([b, length, -1]);
  let state = { h: tf.zeros([b, hidden]), c: tf.zeros([b, hidden]) };
  const hs = [];
  for (const xt of tf.unstack(projected, 1)) {
    state = { ...state, ...cell.step(xt, state, params) };
    hs.push(state.h);
  }
  // a guess of the first token at every step: the early ones are easy, the late ones need a 20-step memory
  const logits = tf.matMul(tf.stack(hs).reshape([length * b, hidden]), params.wOut).add(params.bOut);
  return tf.losses.softmaxCrossEntropy(tf.tile(yb, [length, 1]), logits);
}

for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n; // consecutive mini-batches, wrapping around the data set
  const [xb, yb] = [inputs.slice(start, batch), targets.slice(start, batch)];
  for (const model of models) {
    const value = model.optimizer.minimize(() => loss(model, xb, yb), true);
    report(value, model.name);
    value.dispose();
  }
  tf.dispose([xb, yb]);
}

for (const model of models) {
  tf.dispose(Object.values(model.params));
  model.optimizer.dispose();
}
tf.dispose([inputs, targets]);
