// @title Target networks: an EMA target (τ = 0.99) vs bootstrapping from the online net
// @note multi-network-training-with-moving-average-target
// @steps 700
// @expect EMA target (τ = 0.99) < no target
// TD(0) value learning on a 16-state chain; the curves are the squared error against the exact values.
// Without a target the net regresses onto its own, constantly moving predictions and keeps swinging; the EMA target settles.
const steps = STEPS ?? 700;
const N = 16;
const gamma = 0.98;
const tau = 0.99; // weight on the old target: an average over the last ~1/(1-τ) ≈ 100 online weights
const batch = 32;
const hidden = 64;

// The chain: from state s move on to s+1 with probability 0.9, otherwise fall back to 0; the last state pays 1 and restarts.
const pForward = 0.9;
const nextState = (s, u) => (s === N - 1 || u >= pForward ? 0 : s + 1);
// Centre the reward on its long-run average so the values swing around zero.
let visits = new Array(N).fill(1 / N);
for (let i = 0; i < 2000; i++) {
  const next = new Array(N).fill(0);
  visits.forEach((p, s) => {
    if (s === N - 1) next[0] += p;
    else { next[s + 1] += pForward * p; next[0] += (1 - pForward) * p; }
  });
  visits = next;
}
const reward = Array.from({ length: N }, (_, s) => (s === N - 1 ? 1 : 0) - visits[N - 1]);
// Exact values by value iteration, only to score the two learners.
let trueValue = new Array(N).fill(0);
for (let i = 0; i < 5000; i++) {
  trueValue = trueValue.map((_, s) =>
    reward[s] + gamma * (s === N - 1 ? trueValue[0] : pForward * trueValue[s + 1] + (1 - pForward) * trueValue[0]));
}

// One input, the position along the chain: neighbouring states look alike to the net, so raising V(s) also raises
// its own regression target γ·V(s+1). That feedback is what a slow target network cuts.
const feature = (s) => [(s + 1) / N];
const allStates = tf.tensor2d(Array.from({ length: N }, (_, s) => feature(s)));
const trueValues = tf.tensor2d(trueValue, [N, 1]);

const makeNet = () => [
  tf.variable(tf.randomNormal([1, hidden], 0, 1, 'float32', 1)),
  tf.variable(tf.randomUniform([hidden], -1, 1, 'float32', 5)),
  tf.variable(tf.zeros([hidden, 1])),
  tf.variable(tf.zeros([1])),
];
const value = ([w1, b1, w2, b2], x) => tf.matMul(tf.relu(tf.matMul(x, w1).add(b1)), w2).add(b2);

const variants = [
  { name: 'EMA target (τ = 0.99)', ema: true },
  { name: 'no target', ema: false },
].map((v) => {
  const online = makeNet();
  // The target starts as an exact copy and receives no gradients (trainable = false).
  const target = v.ema ? online.map((w) => tf.variable(w.clone(), false)) : online;
  return { ...v, online, target, optimizer: tf.train.adam(0.01), errors: [] };
});

const rng = data.rng(12);
for (let step = 0; step < steps; step++) {
  // A batch of transitions (s, r, s'), shared by both learners.
  const s = [];
  const next = [];
  const r = [];
  for (let i = 0; i < batch; i++) {
    const state = rng.int(N);
    s.push(feature(state));
    next.push(feature(nextState(state, rng.next())));
    r.push(reward[state]);
  }
  const [xs, xsNext, rs] = [tf.tensor2d(s), tf.tensor2d(next), tf.tensor2d(r, [batch, 1])];
  for (const v of variants) {
    // The bootstrapped target r + γ·V(s') is a constant for this step (computed outside the gradient).
    const target = tf.tidy(() => rs.add(value(v.target, xsNext).mul(gamma)));
    v.optimizer.minimize(() => tf.mean(tf.square(value(v.online, xs).sub(target))));
    target.dispose();
    // Soft (Polyak) update: θ_target ← τ·θ_target + (1 − τ)·θ_online.
    if (v.ema) tf.tidy(() => v.target.forEach((t, i) => t.assign(t.mul(tau).add(v.online[i].mul(1 - tau)))));
    const error = tf.tidy(() => tf.mean(tf.square(value(v.online, allStates).sub(trueValues))).dataSync()[0]);
    v.errors.push(error);
    report(error, v.name);
  }
  xs.dispose();
  xsNext.dispose();
  rs.dispose();
}

for (const v of variants) {
  const last = v.errors.slice(-100);
  const mean = last.reduce((a, b) => a + b, 0) / last.length;
  console.log(`${v.name}: value error over the last ${last.length} steps, mean ${mean.toExponential(1)}, worst ${Math.max(...last).toExponential(1)}`);
}
