// @title Weight decay: a big MLP on 128 examples, with and without weight decay
// @note weight-decay
// @steps 300
// @expect with weight decay: validation < without weight decay: validation
// @expect without weight decay: train < with weight decay: train
// A 16 → 128 → 128 → 4 MLP (about 19k weights) trained with SGD + momentum on 128 examples of overlapping classes.
// Without weight decay the training loss goes to ~0 and the validation loss climbs as the net grows ever more
// confident on examples it memorized. With weight decay (an L2 penalty on the weight matrices, not on the biases,
// which for SGD is the same as PyTorch's weight_decay=) the weights stay small, training stops short of zero and the
// validation loss stays far lower.
const steps = STEPS ?? 300;
const features = 16;
const classes = 4;
const hidden = 128;
const nTrain = 128;
const nValidation = 512;
const weightDecay = 0.03; // large, because the run is short: the decay acts over 300 steps only
const validateEvery = 5;

const all = data.classification({ n: nTrain + nValidation, features, classes, spread: 0.4, seed: 1 });
const [xTrain, yTrain, xValidation, yValidation] = tf.tidy(() => [
  all.x.slice([0, 0], [nTrain, features]), all.y.slice([0, 0], [nTrain, classes]),
  all.x.slice([nTrain, 0], [nValidation, features]), all.y.slice([nTrain, 0], [nValidation, classes]),
]);
tf.dispose([all.x, all.y, all.labels]);

const glorot = (shape, seed) => {
  const limit = Math.sqrt(6 / (shape[0] + shape[1]));
  return tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', seed));
};

function makeMlp(lambda) {
  // Same seeds for both models: identical initial weights.
  const weights = [glorot([features, hidden], 1), glorot([hidden, hidden], 2), glorot([hidden, classes], 3)];
  const biases = [hidden, hidden, classes].map((k) => tf.variable(tf.zeros([k])));
  const logits = (x) => {
    let h = x;
    weights.forEach((w, l) => {
      h = tf.matMul(h, w).add(biases[l]);
      if (l < weights.length - 1) h = tf.relu(h);
    });
    return h;
  };
  // (λ/2)·Σ‖W‖² over the weight matrices: its gradient λ·W pulls every weight toward zero at each step.
  const penalty = () => tf.addN(weights.map((w) => tf.sum(tf.square(w)))).mul(0.5 * lambda);
  return { lambda, weights, biases, logits, penalty, optimizer: tf.train.momentum(0.05, 0.9) };
}

const models = { 'without weight decay': makeMlp(0), 'with weight decay': makeMlp(weightDecay) };
for (let step = 1; step <= steps; step++) {
  for (const [name, model] of Object.entries(models)) {
    let dataLoss;
    model.optimizer.minimize(() => {
      dataLoss = tf.keep(tf.losses.softmaxCrossEntropy(yTrain, model.logits(xTrain)));
      return model.lambda > 0 ? dataLoss.add(model.penalty()) : dataLoss.clone();
    });
    // The train curve is the data loss alone, so both models are measured alike.
    report(dataLoss, `${name}: train`);
    dataLoss.dispose();
    if (step === 1 || step % validateEvery === 0) {
      const validation = tf.tidy(() => tf.losses.softmaxCrossEntropy(yValidation, model.logits(xValidation)));
      report(validation, { series: `${name}: validation`, step });
      validation.dispose();
    }
  }
}

for (const [name, model] of Object.entries(models)) {
  const [accuracy, norm] = tf.tidy(() => [
    model.logits(xValidation).argMax(-1).equal(yValidation.argMax(-1)).mean().dataSync()[0],
    Math.sqrt(tf.addN(model.weights.map((w) => tf.sum(tf.square(w)))).dataSync()[0]),
  ]);
  console.log(`${name}: validation accuracy ${(100 * accuracy).toFixed(1)}%, weight norm ${norm.toFixed(1)}`);
}
