// @title Embeddings: a tiny language model with tied vs untied input and output embeddings
// @note embeddings
// @steps 300
// @expect tied (validation) < untied (validation)
// A made-up language of 64 tokens in 8 classes: the class of the next token depends on the class of the current one, and
// tokens of a class are interchangeable. With only 512 training pairs, a next-token model that reuses its input
// embedding matrix as the output projection (logits = h·Eᵀ) learns one vector per token from both roles and ends with a
// lower validation loss than the same model with a separate output matrix, which fits the training pairs more closely
// but generalizes worse. Both overfit eventually; the loss floor (the language's own entropy) is ln 8 + 0.61 ≈ 2.69.
const steps = STEPS ?? 300;
const vocab = 64;
const classes = 8;
const d = 16;
const batch = 64;
const nTrain = 512;
const nValid = 4096;

// The language: class c is followed by class next[c][0] with probability 0.7 and next[c][1] with 0.3; the token
// within the class is uniform. Token t belongs to class t % classes.
const rng = data.rng(7);
const next = Array.from({ length: classes }, () => {
  const a = rng.int(classes);
  return [a, (a + 1 + rng.int(classes - 1)) % classes];
});
function pairs(count) {
  const x = new Int32Array(count);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    x[i] = rng.int(vocab);
    const c = next[x[i] % classes][rng.next() < 0.7 ? 0 : 1];
    y[i] = c + classes * rng.int(vocab / classes);
  }
  return { x: tf.tensor1d(x, 'int32'), y: tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), vocab).toFloat()) };
}
const train = pairs(nTrain);
const valid = pairs(nValid);

// Both models: h = tanh(E[x]·A), logits = h·Oᵀ + b. Tied: O is E itself (one matrix, two roles); untied: O is its own.
function makeModel(tied) {
  const init = (shape, seed) => tf.variable(tf.randomNormal(shape, 0, 1 / Math.sqrt(d), 'float32', seed));
  const params = { embed: init([vocab, d], 1), a: init([d, d], 2), b: tf.variable(tf.zeros([vocab])) };
  if (!tied) params.out = init([vocab, d], 3);
  const logits = (x) => {
    const h = tf.tanh(tf.matMul(tf.matMul(tf.oneHot(x, vocab).toFloat(), params.embed), params.a)); // the lookup: row x of E
    return tf.matMul(h, tied ? params.embed : params.out, false, true).add(params.b);
  };
  return { params, logits, optimizer: tf.train.adam(0.01) };
}

const models = { tied: makeModel(true), untied: makeModel(false) };
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % nTrain;
  const [xb, yb] = [train.x.slice(start, batch), train.y.slice(start, batch)];
  for (const [name, model] of Object.entries(models)) {
    model.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yb, model.logits(xb)));
    if ((step + 1) % 5 === 0) {
      // the loss on held-out pairs of the same language, every 5 steps
      const validation = tf.tidy(() => tf.losses.softmaxCrossEntropy(valid.y, model.logits(valid.x)));
      report(validation, { series: `${name} (validation)`, step: step + 1 });
      validation.dispose();
    }
  }
  tf.dispose([xb, yb]);
}

for (const [name, model] of Object.entries(models)) {
  const trainLoss = tf.tidy(() => tf.losses.softmaxCrossEntropy(train.y, model.logits(train.x)).dataSync()[0]);
  const count = Object.values(model.params).reduce((total, p) => total + p.size, 0);
  console.log(`${name}: ${count} parameters, training loss ${trainLoss.toFixed(3)}`);
  tf.dispose(Object.values(model.params));
  model.optimizer.dispose();
}
tf.dispose([train.x, train.y, valid.x, valid.y]);
