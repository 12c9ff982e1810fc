// @title Transformer blocks: pre-norm vs post-norm
// @note transformers
// @steps 100
// Two identical 3-block Transformers learn to reverse a sequence with Adam at lr 0.01 and no warm-up.
// Pre-norm keeps an identity path through the residual stream and learns; post-norm stays near chance (ln 16 ≈ 2.8).
const steps = STEPS ?? 100;
const vocab = 16;
const length = 8;
const d = 32;
const depth = 3;
const batch = 16;
const n = 2048;

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

// tf.matMul with the same gradient written with explicit transposes: tfjs's WebAssembly backend multiplies
// transposed operands several times slower, and this keeps the demo fast.
const matMul = tf.customGrad((a, b, save) => {
  save([a, b]);
  return { value: tf.matMul(a, b), gradFunc: (dy, [a, b]) => [tf.matMul(dy, tf.transpose(b)), tf.matMul(tf.transpose(a), dy)] };
});

// Layer norm without gain and bias, to keep the model small.
function layerNorm(x) {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).mul(tf.rsqrt(variance.add(1e-5)));
}

function makeTransformer(preNorm) {
  const init = (shape, seed) => tf.variable(tf.randomNormal(shape, 0, 1 / Math.sqrt(shape[0]), 'float32', seed));
  const embed = init([vocab, d], 1);
  const out = init([d, vocab], 2);
  const blocks = [];
  for (let l = 0; l < depth; l++) {
    blocks.push({ qkv: init([d, 3 * d], 10 * l + 3), o: init([d, d], 10 * l + 4), w1: init([d, 2 * d], 10 * l + 5), w2: init([2 * d, d], 10 * l + 6) });
  }
  const attention = (x, b) => {
    const [q, k, v] = tf.split(matMul(x, b.qkv), 3, -1).map((t) => t.reshape([-1, length, d]));
    const weights = tf.softmax(tf.matMul(q, k, false, true).div(Math.sqrt(d)));
    return matMul(tf.matMul(weights, v).reshape([-1, d]), b.o);
  };
  const feedForward = (x, b) => matMul(tf.relu(matMul(x, b.w1)), b.w2);
  const forward = (x) => {
    let h = matMul(x, embed).reshape([-1, length, d]).add(positions).reshape([-1, d]);
    for (const b of blocks) {
      if (preNorm) {
        h = h.add(attention(layerNorm(h), b)); // h = x + MHA(LN(x))
        h = h.add(feedForward(layerNorm(h), b)); // y = h + FFN(LN(h))
      } else {
        h = layerNorm(h.add(attention(h, b))); // h = LN(x + MHA(x))
        h = layerNorm(h.add(feedForward(h, b))); // y = LN(h + FFN(h))
      }
    }
    return matMul(preNorm ? layerNorm(h) : h, out); // pre-norm needs a final LN before the head
  };
  const params = [embed, out, ...blocks.flatMap((b) => Object.values(b))];
  return { forward, params, optimizer: tf.train.adam(0.01) };
}

const models = { 'pre-norm': makeTransformer(true), 'post-norm': makeTransformer(false) };
const rows = batch * length;
const batches = n / batch;
for (let step = 0; step < steps; step++) {
  const start = (step % batches) * rows;
  const x = inputs.slice([start, 0], [rows, vocab]);
  const y = targets.slice([start, 0], [rows, vocab]);
  for (const [name, model] of Object.entries(models)) {
    const loss = model.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.forward(x)), true);
    report(loss, name);
    loss.dispose();
  }
  tf.dispose([x, y]);
}

for (const model of Object.values(models)) {
  tf.dispose(model.params);
  model.optimizer.dispose();
}
tf.dispose([inputs, targets, positions]);
