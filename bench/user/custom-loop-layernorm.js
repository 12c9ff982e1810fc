// @title User program: the same MLP in a custom training loop (tf.variableGrads)
// @note layer-normalization
// @steps 320
// The Keras-style MLP with LayerNorm, trained by hand: take a batch, tf.variableGrads of the loss,
// optimizer.applyGradients, report. What users write when model.fit is not flexible enough.
/* global tf, data, report, STEPS -- the sandbox's globals (see "The sandbox" in the README) */
const steps = STEPS ?? 320;
const n = 2048;
const batch = 64;
const { x, y } = data.classification({ n, features: 64, classes: 4, seed: 1 });

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 128, activation: 'relu', inputShape: [64] }),
    tf.layers.layerNormalization(),
    tf.layers.dense({ units: 128, activation: 'relu' }),
    tf.layers.layerNormalization(),
    tf.layers.dense({ units: 4 }),
  ],
});
const optimizer = tf.train.adam(0.001);
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n;
  const [xb, yb] = [x.slice(start, batch), y.slice(start, batch)];
  const { value, grads } = tf.variableGrads(() =>
    tf.losses.softmaxCrossEntropy(yb, model.apply(xb, { training: true })),
  );
  optimizer.applyGradients(grads);
  report(value);
  tf.dispose([xb, yb, value, grads]);
}
