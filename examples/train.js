// A TensorFlow.js training script. Run it with "Deep Learning: Run Snippet in Sandbox":
// `tf`, `report(loss)` and small synthetic data sets (`data`) are provided there.
import * as tf from '@tensorflow/tfjs';

const { x, y } = data.classification({ n: 256, features: 16, classes: 4, spread: 0.6, seed: 7 });

// Two hidden layers with He initialization (ReLU) and layer normalization.
const he = (fanIn, fanOut) => tf.variable(tf.randomNormal([fanIn, fanOut], 0, Math.sqrt(2 / fanIn), 'float32', 1));
const w1 = he(16, 64);
const w2 = he(64, 64);
const w3 = tf.variable(tf.initializers.glorotUniform({ seed: 2 }).apply([64, 4]));

function layerNorm(h, eps = 1e-5) {
  const { mean, variance } = tf.moments(h, -1, true);
  return h.sub(mean).div(variance.add(eps).sqrt());
}

function logits(inputs) {
  const h1 = tf.relu(layerNorm(inputs.matMul(w1)));
  const h2 = tf.relu(layerNorm(h1.matMul(w2)));
  return h2.matMul(w3);
}

const optimizer = tf.train.adam(0.01);
const steps = STEPS ?? 200;
for (let step = 0; step < steps; step++) {
  const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, logits(x)), true);
  report(loss);
  loss.dispose();
}

const accuracy = tf.tidy(() => logits(x).argMax(-1).equal(y.argMax(-1)).mean().dataSync()[0]);
console.log(`training accuracy: ${(accuracy * 100).toFixed(1)}%`);
