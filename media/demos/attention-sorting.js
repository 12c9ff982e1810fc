// @title Self-attention: every position finds the largest token
// @note attention
// @steps 150
// Each position must output the maximum of its whole sequence (the first step of a selection sort), so it
// has to look at every other token. One attention head learns to put its weight on the largest key.
const steps = STEPS ?? 150;
const vocab = 16;
const length = 8;
const d = 32;
const batch = 64;
const n = 2048;

// Inputs as one-hot rows (a matMul with them is an embedding lookup that trains on every backend).
const { tokens, values } = data.sequences({ n, length, vocab, seed: 1 });
const maxima = new Int32Array(n * length);
for (let i = 0; i < n; i++) {
  let max = 0;
  for (let j = 0; j < length; j++) max = Math.max(max, values[i * length + j]);
  maxima.fill(max, i * length, (i + 1) * length);
}
const inputs = tf.tidy(() => tf.oneHot(tokens.reshape([-1]), vocab).toFloat().reshape([n, length, vocab]));
const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(maxima, 'int32'), vocab).toFloat().reshape([n, length, vocab]));
tokens.dispose();

const init = (shape, seed) => tf.variable(tf.randomNormal(shape, 0, 1 / Math.sqrt(shape[0]), 'float32', seed));
const embed = init([vocab, d], 1);
const wq = init([d, d], 2);
const wk = init([d, d], 3);
const wv = init([d, d], 4);
const wOut = init([d, vocab], 5);
const bOut = tf.variable(tf.zeros([vocab]));

// softmax(Q Kᵀ / √d) V: the query of every position scores all keys of its sequence.
function model(x) {
  const e = tf.matMul(x.reshape([-1, vocab]), embed);
  const proj = (w) => tf.matMul(e, w).reshape([-1, length, d]);
  const weights = tf.softmax(tf.matMul(proj(wq), proj(wk), false, true).div(Math.sqrt(d)));
  const attended = tf.matMul(weights, proj(wv)).reshape([-1, d]);
  return { logits: tf.matMul(attended, wOut).add(bOut), weights };
}

const optimizer = tf.train.adam(0.005);
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n; // consecutive mini-batches, wrapping around the data set
  const [x, y] = tf.tidy(() => [inputs.slice(start, batch), targets.slice(start, batch).reshape([-1, vocab])]);
  const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model(x).logits), true);
  report(loss, 'cross-entropy');
  loss.dispose();
  tf.dispose([x, y]);
}

// Look inside: where does position 0 of a held-out sequence put its attention?
tf.tidy(() => {
  const { tokens: test, values: testValues } = data.sequences({ n: 1, length, vocab, seed: 99 });
  const { logits, weights } = model(tf.oneHot(test.reshape([-1]), vocab).toFloat());
  console.log(`sequence ${Array.from(testValues).join(' ')} -> predicted max ${logits.argMax(-1).dataSync()[0]}`);
  console.log(`attention of position 0: ${Array.from(weights.slice([0, 0, 0], [1, 1, length]).dataSync(), (w) => w.toFixed(2)).join(' ')}`);
});

tf.dispose([inputs, targets, embed, wq, wk, wv, wOut, bOut]);
optimizer.dispose();
