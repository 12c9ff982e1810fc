// @title User program: a transformer block built from tf.layers (custom attention layer, model.fit)
// @note transformers
// @steps 160
// Token embedding → self-attention (a custom tf.layers.Layer with query, key, value and output weights) →
// residual + LayerNorm → feed-forward (64 → 32) → residual + LayerNorm → a class per position. The task: every
// position outputs the largest token of its sequence. Adam, batch 64, shuffled every epoch.
/* global tf, data, lossCallback, STEPS -- the sandbox's globals (see "The sandbox" in the README) */
const steps = STEPS ?? 160;
const n = 2048;
const batch = 64;
const vocab = 16;
const length = 8;
const d = 32;

const { tokens, values } = data.sequences({ n, length, vocab, seed: 1 });
const maxima = new Int32Array(n * length);
for (let i = 0; i < n; i++) {
  let max = 0;
  for (let j = 0; j < length; j++) max = Math.max(max, values[i * length + j]);
  maxima.fill(max, i * length, (i + 1) * length);
}
const targets = tf.oneHot(tf.tensor1d(maxima, 'int32'), vocab).toFloat().reshape([n, length, vocab]);

class SelfAttention extends tf.layers.Layer {
  static className = 'SelfAttention';
  build(inputShape) {
    const width = inputShape[inputShape.length - 1];
    const weight = (name) => this.addWeight(name, [width, width], 'float32', tf.initializers.glorotUniform({}));
    [this.wq, this.wk, this.wv, this.wo] = ['query', 'key', 'value', 'output'].map(weight);
  }
  call(inputs) {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const [b, t, width] = x.shape;
      const flat = x.reshape([-1, width]);
      const project = (w) => tf.matMul(flat, w.read()).reshape([b, t, width]);
      const scores = tf.matMul(project(this.wq), project(this.wk), false, true).div(Math.sqrt(width));
      const attended = tf.matMul(tf.softmax(scores), project(this.wv)).reshape([-1, width]);
      return tf.matMul(attended, this.wo.read()).reshape([b, t, width]);
    });
  }
  computeOutputShape(inputShape) {
    return inputShape;
  }
}

const input = tf.input({ shape: [length], dtype: 'int32' });
const embedded = tf.layers.embedding({ inputDim: vocab, outputDim: d }).apply(input);
const attended = new SelfAttention({}).apply(embedded);
const normed = tf.layers.layerNormalization().apply(tf.layers.add().apply([embedded, attended]));
const hidden = tf.layers.dense({ units: 2 * d, activation: 'relu' }).apply(normed);
const ffn = tf.layers.dense({ units: d }).apply(hidden);
const block = tf.layers.layerNormalization().apply(tf.layers.add().apply([normed, ffn]));
const output = tf.layers.dense({ units: vocab, activation: 'softmax' }).apply(block);
const model = tf.model({ inputs: input, outputs: output });
model.compile({ optimizer: tf.train.adam(0.005), loss: 'categoricalCrossentropy' });
await model.fit(tokens, targets, {
  batchSize: batch,
  epochs: Math.ceil(steps / (n / batch)),
  callbacks: [lossCallback()],
});
