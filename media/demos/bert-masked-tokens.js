// @title BERT-style masked tokens: fill in the blanks from both sides
// @note bert
// @steps 200
// The second half of every sequence repeats the first, so a hidden token can be read off its twin, which sits
// to its right or to its left. The loss is measured only on the ~15% of positions the masking rule picked.
const steps = STEPS ?? 200;
const vocab = 16;
const MASK = vocab; // one extra input id for [MASK]
const half = 6;
const length = 2 * half;
const d = 32;
const batch = 32;
const n = 2048;

const { tokens, values } = data.sequences({ n, length: half, vocab, seed: 1 });
tokens.dispose(); // the masking below works on the plain array
const sequences = new Int32Array(n * length);
for (let i = 0; i < n; i++) {
  for (let j = 0; j < half; j++) sequences[i * length + j] = sequences[i * length + half + j] = values[i * half + j];
}

// BERT's rule: pick 15% of the positions; replace 80% of those with [MASK], 10% with a random token, keep 10%.
const rng = data.rng(2);
function maskBatch(start) {
  const corrupted = new Int32Array(batch * length);
  const picked = new Float32Array(batch * length);
  for (let i = 0; i < batch * length; i++) {
    const token = sequences[start * length + i];
    corrupted[i] = token;
    if (rng.next() < 0.15) {
      picked[i] = 1;
      const r = rng.next();
      if (r < 0.8) corrupted[i] = MASK;
      else if (r < 0.9) corrupted[i] = rng.int(vocab);
    }
  }
  return { corrupted, picked };
}

// The rule on three sequences (training draws fresh masks every step): _ is [MASK], [x] a position picked for the loss.
{
  const { corrupted, picked } = maskBatch(0);
  const show = (tokens, row) => Array.from(tokens.subarray(row * length, (row + 1) * length), (t, j) => {
    const text = t === MASK ? '_' : String(t);
    return picked[row * length + j] ? `[${text}]` : text;
  }).join(' ');
  for (let row = 0; row < 3; row++) console.log(`${show(sequences, row)}   ->   ${show(corrupted, row)}`);
}

const init = (shape, seed) => tf.variable(tf.randomNormal(shape, 0, 1 / Math.sqrt(shape[0]), 'float32', seed));
const tokenEmbed = init([vocab + 1, d], 1);
const positionEmbed = tf.variable(tf.randomNormal([length, d], 0, 1, 'float32', 2)); // learned, as in BERT
const wq = init([d, d], 3);
const wk = init([d, d], 4);
const wv = init([d, d], 5);
const wOut = init([d, vocab], 6);
const params = [tokenEmbed, positionEmbed, wq, wk, wv, wOut];

// Bidirectional self-attention: no causal mask, every position sees both sides.
function encoder(oneHot) {
  const x = tf.matMul(oneHot, tokenEmbed).reshape([-1, length, d]).add(positionEmbed).reshape([-1, d]);
  const proj = (w) => tf.matMul(x, w).reshape([-1, length, d]);
  const weights = tf.softmax(tf.matMul(proj(wq), proj(wk), false, true).div(Math.sqrt(d)));
  const h = x.add(tf.matMul(weights, proj(wv)).reshape([-1, d]));
  return tf.matMul(h, wOut);
}

const optimizer = tf.train.adam(0.01);
const batches = n / batch;
for (let step = 0; step < steps; step++) {
  const start = (step % batches) * batch;
  const { corrupted, picked } = maskBatch(start);
  const loss = optimizer.minimize(() => {
    const x = tf.oneHot(tf.tensor1d(corrupted, 'int32'), vocab + 1).toFloat();
    const y = tf.oneHot(tf.tensor1d(sequences.subarray(start * length, (start + batch) * length), 'int32'), vocab).toFloat();
    // Cross-entropy only where the rule picked a position: elsewhere the answer is visible in the input.
    return tf.losses.softmaxCrossEntropy(y, encoder(x), tf.tensor1d(picked));
  }, true);
  report(loss, 'masked-token loss');
  loss.dispose();
}

// Fill in the blanks of one held-out sequence.
tf.tidy(() => {
  const { values: first } = data.sequences({ n: 1, length: half, vocab, seed: 99 });
  const input = [...first, ...first];
  input[1] = input[half + 4] = MASK;
  const predicted = encoder(tf.oneHot(tf.tensor1d(input, 'int32'), vocab + 1).toFloat()).argMax(-1).dataSync();
  const show = (tokens) => Array.from(tokens, (t) => (t === MASK ? '_' : t)).join(' ');
  console.log(`input     ${show(input)}`);
  console.log(`filled in ${show(input.map((t, i) => (t === MASK ? predicted[i] : t)))}`);
});

tf.dispose(params);
optimizer.dispose();
