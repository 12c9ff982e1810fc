// @title Dropout: a big MLP on a small training set, with and without dropout
// @note dropout
// @steps 150
// @expect dropout 0.5: validation < no dropout: validation
// @expect no dropout: train < dropout 0.5: train
// Without dropout the training loss goes to ~0 while the validation loss turns around and climbs (overfitting).
// With dropout 0.5 the training loss stays higher, but its validation loss levels off far below the one without.
const steps = STEPS ?? 150;
const features = 16;
const classes = 4;
const hidden = 128;
const nTrain = 128;
const nValidation = 512;
const validateEvery = 5;

// Overlapping Gaussian blobs: 128 training examples for a 16→128→128→4 MLP with ~19k weights.
const all = data.classification({ n: nTrain + nValidation, features, classes, spread: 0.4, seed: 1 });
const [xTrain, yTrain, xValidation, yValidation] = tf.tidy(() => [
  all.x.slice([0, 0], [nTrain, features]), all.y.slice([0, 0], [nTrain, classes]),
  all.x.slice([nTrain, 0], [nValidation, features]), all.y.slice([nTrain, 0], [nValidation, classes]),
]);
tf.dispose([all.x, all.y, all.labels]);

function makeMlp(rate) {
  const he = (shape, seed) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / shape[0]), 'float32', seed));
  const params = [he([features, hidden], 1), tf.variable(tf.zeros([hidden])), he([hidden, hidden], 2), tf.variable(tf.zeros([hidden])),
    he([hidden, classes], 3), tf.variable(tf.zeros([classes]))];
  const [w1, b1, w2, b2, w3, b3] = params;
  // Inverted dropout: zero each unit with probability `rate` and scale the rest by 1/(1−rate), in training only.
  // A new seed every step draws a new mask; at validation time the full network is used.
  const drop = (h, seed) => (seed !== undefined && rate > 0 ? tf.dropout(h, rate, null, seed) : h);
  const logits = (x, seed) => {
    const h1 = drop(tf.relu(tf.matMul(x, w1).add(b1)), seed);
    const h2 = drop(tf.relu(tf.matMul(h1, w2).add(b2)), seed === undefined ? undefined : seed + 1);
    return tf.matMul(h2, w3).add(b3);
  };
  return { params, logits, optimizer: tf.train.adam(0.001) };
}

const models = { 'no dropout': makeMlp(0), 'dropout 0.5': makeMlp(0.5) };
for (let step = 1; step <= steps; step++) {
  for (const [name, model] of Object.entries(models)) {
    const loss = model.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yTrain, model.logits(xTrain, 2 * step)), true);
    report(loss, `${name}: train`);
    loss.dispose();
    if (step === 1 || step % validateEvery === 0) {
      const validation = tf.tidy(() => tf.losses.softmaxCrossEntropy(yValidation, model.logits(xValidation)));
      report(validation, { series: `${name}: validation`, step });
      validation.dispose();
    }
  }
}

for (const [name, model] of Object.entries(models)) {
  const accuracy = tf.tidy(() => model.logits(xValidation).argMax(-1).equal(yValidation.argMax(-1)).mean().dataSync()[0]);
  console.log(`${name}: validation accuracy ${(100 * accuracy).toFixed(1)}%`);
  tf.dispose(model.params);
  model.optimizer.dispose();
}
tf.dispose([xTrain, yTrain, xValidation, yValidation]);
