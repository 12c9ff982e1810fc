// @title Graph convolution: classify nodes with and without the edges
// @note graph-convolutional-networks
// @steps 200
// @expect GCN < MLP (no edges)
// Only 30 of 150 nodes are labelled; the curves are the loss on the other 120. The features alone are too noisy: the MLP
// memorizes its 30 nodes and its held-out loss climbs, while the GCN averages each node with its (mostly same-class) neighbours.
const steps = STEPS ?? 200;
const nodes = 150;
const classes = 3;
const features = 8;
const hidden = 16;
const graph = data.graph({ nodes, communities: classes, pIn: 0.15, pOut: 0.01, features, noise: 1.0, seed: 1 });

// Â = D̃^(-1/2) (A + I) D̃^(-1/2), computed once for the fixed graph.
const aHat = tf.tidy(() => {
  const a = graph.adjacency.add(tf.eye(nodes));
  const dInvSqrt = tf.rsqrt(a.sum(1));
  return a.mul(dInvSqrt.reshape([-1, 1])).mul(dInvSqrt.reshape([1, -1]));
});

// Every 5th node is labelled (10 per community); the others are held out.
const split = Array.from({ length: nodes }, (_, i) => (i % 5 === 0 ? 1 : 0));
const trainMask = tf.tensor1d(split);
const testMask = tf.tensor1d(split.map((s) => 1 - s));
const labels = tf.tidy(() => tf.oneHot(graph.labels, classes).toFloat());

function makeModel(propagate, seed) {
  const glorot = (shape, s) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / (shape[0] + shape[1])), 'float32', s));
  const params = [glorot([features, hidden], seed), glorot([hidden, classes], seed + 1)];
  // The only difference: a GCN layer mixes each node with its neighbours (Â H W); the MLP uses H W alone.
  const layer = (h, w) => (propagate ? tf.matMul(aHat, tf.matMul(h, w)) : tf.matMul(h, w));
  const logits = () => layer(tf.relu(layer(graph.features, params[0])), params[1]);
  return { params, logits, optimizer: tf.train.adam(0.01) };
}

const models = { GCN: makeModel(true, 1), 'MLP (no edges)': makeModel(false, 1) };
for (let step = 0; step < steps; step++) {
  for (const [name, model] of Object.entries(models)) {
    model.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.logits(), trainMask), true).dispose();
    const heldOut = tf.tidy(() => tf.losses.softmaxCrossEntropy(labels, model.logits(), testMask));
    report(heldOut, name);
    heldOut.dispose();
  }
}

for (const [name, model] of Object.entries(models)) {
  const accuracy = tf.tidy(() => model.logits().argMax(-1).equal(graph.labels).toFloat().mul(testMask).sum().div(testMask.sum()).dataSync()[0]);
  console.log(`${name}: ${(100 * accuracy).toFixed(1)}% of the held-out nodes right`);
  tf.dispose(model.params);
  model.optimizer.dispose();
}
tf.dispose([aHat, trainMask, testMask, labels, graph.adjacency, graph.features, graph.labels]);
