// @title Label smoothing: cross-entropy vs cross-entropy with ε = 0.1
// @note loss-functions
// @steps 300
// @expect label smoothing 0.1 (validation NLL) < cross-entropy (validation NLL)
// Two identical MLPs fit 400 noisy training points; "(validation NLL)" is the plain cross-entropy on 400 held-out points.
// With hard labels the net keeps growing its logits: training loss → 0 while validation NLL climbs. Smoothed targets cap the confidence.
const steps = STEPS ?? 300;
const features = 16;
const classes = 4;
const hidden = 32;
const epsilon = 0.1;

// Overlapping classes: even the best classifier is sometimes wrong, so 100% confidence is always a mistake.
const all = data.classification({ n: 800, features, classes, spread: 0.8, seed: 21 });
const [xTrain, xVal] = tf.split(all.x, [400, 400]);
const [yTrain, yVal] = tf.split(all.y, [400, 400]);

const makeNet = () => [
  tf.variable(tf.randomNormal([features, hidden], 0, Math.sqrt(2 / features), 'float32', 1)),
  tf.variable(tf.zeros([hidden])),
  tf.variable(tf.randomNormal([hidden, classes], 0, Math.sqrt(1 / hidden), 'float32', 3)),
  tf.variable(tf.zeros([classes])),
];
const logits = ([w1, b1, w2, b2], x) => tf.matMul(tf.relu(tf.matMul(x, w1).add(b1)), w2).add(b2);

const variants = [
  { name: 'cross-entropy', smoothing: 0 },
  { name: 'label smoothing 0.1', smoothing: epsilon },
].map((v) => ({ ...v, params: makeNet(), optimizer: tf.train.adam(0.01) }));

for (let step = 0; step < steps; step++) {
  for (const v of variants) {
    // tf.losses.softmaxCrossEntropy trains against (1 − ε)·y + ε/K when given labelSmoothing = ε.
    const loss = v.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yTrain, logits(v.params, xTrain), undefined, v.smoothing), true);
    report(loss, v.name);
    loss.dispose();
  }
  for (const v of variants) {
    const valNll = tf.tidy(() => tf.losses.softmaxCrossEntropy(yVal, logits(v.params, xVal)));
    report(valNll, `${v.name} (validation NLL)`);
    valNll.dispose();
  }
}

// Accuracy is close; what differs is how confident each net claims to be when it is right or wrong.
tf.tidy(() => {
  for (const v of variants) {
    const p = tf.softmax(logits(v.params, xVal));
    const accuracy = tf.mean(tf.equal(tf.argMax(p, 1), tf.argMax(yVal, 1)).toFloat()).dataSync()[0];
    const confidence = tf.mean(tf.max(p, 1)).dataSync()[0];
    console.log(`${v.name}: validation accuracy ${(100 * accuracy).toFixed(1)}%, mean confidence ${(100 * confidence).toFixed(1)}%`);
  }
});
