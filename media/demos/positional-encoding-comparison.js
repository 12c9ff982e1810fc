// @title Positional encoding: reverse a sequence with and without position information
// @note positional-encoding
// @steps 120
// @expect with sinusoidal PE < without PE
// Reversing a sequence depends only on order. Without positions, attention sees a bag of tokens and can only guess
// which of the other 7 belongs where (loss stalls near ln 7 ≈ 1.9); with sinusoidal encodings the same model solves it.
const steps = STEPS ?? 120;
const vocab = 16;
const length = 8;
const d = 32;
const batch = 64;
const n = 2048;

const { tokens, values } = data.sequences({ n, length, vocab, seed: 1 });
const reversed = new Int32Array(n * length);
for (let i = 0; i < n; i++) for (let j = 0; j < length; j++) reversed[i * length + j] = values[i * length + length - 1 - j];
const inputs = tf.tidy(() => tf.oneHot(tokens.reshape([-1]), vocab).toFloat());
const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(reversed, 'int32'), vocab).toFloat());
tokens.dispose();

// PE(p, 2i) = sin(p / 10000^(2i/d)), PE(p, 2i+1) = cos(p / 10000^(2i/d)): a fixed table, not trained.
const table = new Float32Array(length * d);
for (let p = 0; p < length; p++) {
  for (let i = 0; i < d / 2; i++) {
    const angle = p / Math.pow(10000, (2 * i) / d);
    table[p * d + 2 * i] = Math.sin(angle);
    table[p * d + 2 * i + 1] = Math.cos(angle);
  }
}
const sinusoidal = tf.tensor2d(table, [length, d]);

function makeModel(positions) {
  const init = (shape, seed) => tf.variable(tf.randomNormal(shape, 0, 1 / Math.sqrt(shape[0]), 'float32', seed));
  const params = { embed: init([vocab, d], 1), wq: init([d, d], 2), wk: init([d, d], 3), wv: init([d, d], 4), wOut: init([d, vocab], 5) };
  const forward = (x) => {
    let e = tf.matMul(x, params.embed).reshape([-1, length, d]);
    if (positions) e = e.add(positions); // the only difference between the two models
    const flat = e.reshape([-1, d]);
    const proj = (w) => tf.matMul(flat, w).reshape([-1, length, d]);
    const weights = tf.softmax(tf.matMul(proj(params.wq), proj(params.wk), false, true).div(Math.sqrt(d)));
    return tf.matMul(tf.matMul(weights, proj(params.wv)).reshape([-1, d]), params.wOut);
  };
  return { params, forward, optimizer: tf.train.adam(0.005) };
}

const models = { 'with sinusoidal PE': makeModel(sinusoidal), 'without PE': makeModel(null) };
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n; // consecutive mini-batches, wrapping around the data set
  const [x, y] = [inputs.slice(start * length, batch * length), targets.slice(start * length, batch * length)];
  for (const [name, model] of Object.entries(models)) {
    const loss = model.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.forward(x)), true);
    report(loss, name);
    loss.dispose();
  }
  tf.dispose([x, y]);
}

for (const model of Object.values(models)) {
  tf.dispose(Object.values(model.params));
  model.optimizer.dispose();
}
tf.dispose([inputs, targets, sinusoidal]);
