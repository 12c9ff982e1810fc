// @title Temperature scaling: fitting T on validation logits
// @note calibration
// @steps 300
// First an MLP is trained with plain cross-entropy until it is overconfident; then a single temperature T is fitted
// on held-out validation logits (the second curve). The output lists the ECE and a reliability table before and after.
const steps = STEPS ?? 300;
const trainSteps = Math.round(steps * 0.75);
const fitSteps = steps - trainSteps;
const features = 16;
const classes = 4;
const hidden = 32;

// Overlapping classes and a small training set: the net keeps enlarging its logits long after its accuracy has peaked.
const all = data.classification({ n: 1200, features, classes, spread: 0.8, seed: 21 });
const [xTrain, xVal, xTest] = tf.split(all.x, 3);
const [yTrain, yVal, yTest] = tf.split(all.y, 3);

const params = [
  tf.variable(tf.randomNormal([features, hidden], 0, Math.sqrt(2 / features), 'float32', 1)),
  tf.variable(tf.zeros([hidden])),
  tf.variable(tf.randomNormal([hidden, classes], 0, Math.sqrt(1 / hidden), 'float32', 3)),
  tf.variable(tf.zeros([classes])),
];
const logits = (x) => tf.matMul(tf.relu(tf.matMul(x, params[0]).add(params[1])), params[2]).add(params[3]);

// Phase 1: ordinary training.
const optimizer = tf.train.adam(0.01);
for (let step = 1; step <= trainSteps; step++) {
  const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yTrain, logits(xTrain)), true);
  report(loss, { series: 'training loss', step });
  loss.dispose();
}

// Phase 2: the network is frozen; cache its logits and fit log T (keeps T > 0) on the validation split only.
const valLogits = tf.tidy(() => logits(xVal));
const testLogits = tf.tidy(() => logits(xTest));
const logT = tf.variable(tf.scalar(0));
const tOptimizer = tf.train.adam(0.05);
for (let k = 1; k <= fitSteps; k++) {
  const nll = tOptimizer.minimize(() => tf.losses.softmaxCrossEntropy(yVal, valLogits.div(tf.exp(logT))), true, [logT]);
  report(nll, { series: 'validation NLL while fitting T', step: trainSteps + k });
  nll.dispose();
}
const T = Math.exp(logT.dataSync()[0]);

// Expected calibration error with 15 equal-width confidence bins (Guo et al.), on the untouched test split.
function calibration(z) {
  return tf.tidy(() => {
    const p = tf.softmax(z);
    const confidence = tf.max(p, 1).dataSync();
    const correct = tf.equal(tf.argMax(p, 1), tf.argMax(yTest, 1)).dataSync();
    const nll = tf.losses.softmaxCrossEntropy(yTest, z).dataSync()[0];
    const bins = Array.from({ length: 15 }, () => ({ n: 0, conf: 0, acc: 0 }));
    confidence.forEach((c, i) => {
      const b = bins[Math.min(14, Math.floor(c * 15))];
      b.n++;
      b.conf += c;
      b.acc += correct[i];
    });
    const n = confidence.length;
    const ece = bins.reduce((sum, b) => sum + (b.n ? Math.abs(b.acc - b.conf) / n : 0), 0);
    const accuracy = correct.reduce((a, b) => a + b, 0) / n;
    return { ece, nll, accuracy, bins };
  });
}
const before = calibration(testLogits);
const after = tf.tidy(() => calibration(testLogits.div(T)));
console.log(`fitted temperature T = ${T.toFixed(2)} (T > 1 softens the overconfident probabilities)`);
console.log(`test ECE ${(100 * before.ece).toFixed(1)}% → ${(100 * after.ece).toFixed(1)}%, test NLL ${before.nll.toFixed(3)} → ${after.nll.toFixed(3)}, accuracy ${(100 * before.accuracy).toFixed(1)}% → ${(100 * after.accuracy).toFixed(1)}% (unchanged: dividing by T keeps the argmax)`);
// Reliability table: a calibrated model has accuracy ≈ confidence in every bin.
const row = (b) => (b.n ? `${(100 * b.acc / b.n).toFixed(0).padStart(3)}% acc at ${(100 * b.conf / b.n).toFixed(0).padStart(3)}% conf (n=${b.n})` : '—');
console.log('confidence bin   before scaling                      after scaling');
for (let i = 0; i < 15; i++) {
  if (!before.bins[i].n && !after.bins[i].n) continue;
  const range = `${((100 * i) / 15).toFixed(0)}–${((100 * (i + 1)) / 15).toFixed(0)}%`.padEnd(16);
  console.log(`${range} ${row(before.bins[i]).padEnd(35)} ${row(after.bins[i])}`);
}
