// @title User program: a Keras-style MLP with LayerNorm (tf.sequential + model.fit)
// @note layer-normalization
// @steps 320
// Written the way most TensorFlow.js users write a model: layers, compile, fit. 64 features → 128 → LayerNorm →
// 128 → LayerNorm → 4 classes, Adam, batch 64, shuffled every epoch.
/* global tf, data, lossCallback, STEPS -- the sandbox's globals (see "The sandbox" in the README) */
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
    tf.layers.dense({ units: 4, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
await model.fit(x, y, { batchSize: batch, epochs: Math.ceil(steps / (n / batch)), callbacks: [lossCallback()] });
