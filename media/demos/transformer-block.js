// @title Transformer blocks: pre-norm vs post-norm
// @note transformers
// @steps 80
// @expect pre-norm < post-norm
// Two identical 3-block Transformers learn to reverse a sequence with Adam at lr 0.01 and no warm-up.
// Pre-norm keeps an identity path through the residual stream and learns; post-norm stays near chance (ln 16 ≈ 2.8).
const steps = STEPS ?? 80;
const vocab = 16;
const length = 8;
const d = 24;
const depth = 3;
const batch = 16;
const n = 1024;

const { tokens, values } = data.sequences({ n, length, vocab, seed: 1 });
const reversed = new Int32Array(n * length);
for (let i = 0; i < n; i++) for (let j = 0; j < length; j++) reversed[i * length + j] = values[i * length + length - 1 - j];
const inputs = tf.tidy(() => tf.oneHot(tokens.reshape([-1]), vocab).toFloat());
const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(reversed, 'int32'), vocab).toFloat());
tokens.dispose();

// Fixed sinusoidal positions (see the positional-encoding demo).
const table = new Float32Array(length * d);
for (let p = 0; p < length; p++) {
  for (let i = 0; i < d / 2; i++) {
    table[p * d + 2 * i] = Math.sin(p / Math.pow(10000, (2 * i) / d));
    table[p * d + 2 * i + 1] = Math.cos(p / Math.pow(10000, (2 * i) / d));
  }
}
const positions = tf.tensor2d(table, [length, d]);

// Layer norm without gain and bias, to keep the model small.
function layerNorm(x) {
  const centred = x.sub(x.mean(-1, true));
  return centred.mul(tf.rsqrt(centred.square().mean(-1, true).add(1e-5)));
}

function makeTransformer(preNorm) {
  // All weight matrices are slices of one flat variable: the same model, but Adam makes one update per step
  // instead of 14, and in tfjs each update costs ~20 small tensor ops, which dominate at this size.
  const shapes = [[vocab, d], [d, vocab]];
  const seeds = [1, 2];
  for (let l = 0; l < depth; l++) {
    shapes.push([d, 3 * d], [d, d], [d, 2 * d], [2 * d, d]);
    seeds.push(10 * l + 3, 10 * l + 4, 10 * l + 5, 10 * l + 6);
  }
  const weights = tf.variable(tf.tidy(() => tf.concat(shapes.map((shape, i) =>
    tf.randomNormal(shape, 0, 1 / Math.sqrt(shape[0]), 'float32', seeds[i]).reshape([-1])))));
  const unpack = () => tf.split(weights, shapes.map(([rows, cols]) => rows * cols)).map((w, i) => w.reshape(shapes[i]));

  const attention = (x, [qkv, o]) => {
    const [q, k, v] = tf.split(tf.matMul(x, qkv), 3, -1).map((t) => t.reshape([-1, length, d]));
    const scores = tf.softmax(tf.matMul(q, k, false, true).div(Math.sqrt(d)));
    return tf.matMul(tf.matMul(scores, v).reshape([-1, d]), o);
  };
  const feedForward = (x, [, , w1, w2]) => tf.matMul(tf.relu(tf.matMul(x, w1)), w2);
  const forward = (x) => {
    const [embed, out, ...blockWeights] = unpack();
    let h = tf.matMul(x, embed).reshape([-1, length, d]).add(positions).reshape([-1, d]);
    for (let l = 0; l < depth; l++) {
      const b = blockWeights.slice(4 * l, 4 * l + 4);
      if (preNorm) {
        h = h.add(attention(layerNorm(h), b)); // h = x + MHA(LN(x))
        h = h.add(feedForward(layerNorm(h), b)); // y = h + FFN(LN(h))
      } else {
        h = layerNorm(h.add(attention(h, b))); // h = LN(x + MHA(x))
        h = layerNorm(h.add(feedForward(h, b))); // y = LN(h + FFN(h))
      }
    }
    return tf.matMul(preNorm ? layerNorm(h) : h, out); // pre-norm needs a final LN before the head
  };
  return { forward, weights, optimizer: tf.train.adam(0.01) };
}

const models = { 'pre-norm': makeTransformer(true), 'post-norm': makeTransformer(false) };
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
  model.weights.dispose();
  model.optimizer.dispose();
}
tf.dispose([inputs, targets, positions]);
