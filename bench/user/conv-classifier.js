// @title User program: a small tf.layers CNN with pooling and batch normalization (model.fit)
// @note convolutional-neural-networks
// @steps 192
// conv 3×3 (8) → BatchNorm → ReLU → max-pool 2 → conv 3×3 (16) → BatchNorm → ReLU → global average pool → 2
// classes, on 12×12 images of horizontal or vertical bars. Adam, batch 32, shuffled every epoch.
/* global tf, data, lossCallback, STEPS -- the sandbox's globals (see "The sandbox" in the README) */
const steps = STEPS ?? 192;
const n = 1024;
const batch = 32;
const { x, labels } = data.bars({ n, size: 12, noise: 0.5, seed: 1 });
const y = tf.oneHot(labels, 2).toFloat();

const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', inputShape: [12, 12, 1] }),
    tf.layers.batchNormalization(),
    tf.layers.reLU(),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same' }),
    tf.layers.batchNormalization(),
    tf.layers.reLU(),
    tf.layers.globalAveragePooling2d({}),
    tf.layers.dense({ units: 2, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
await model.fit(x, y, { batchSize: batch, epochs: Math.ceil(steps / (n / batch)), callbacks: [lossCallback()] });
