// @title Diffusion: a denoiser on 2-D spirals, with and without the time step as input
// @note diffusion-models
// @steps 400
// @expect with t < without t
// Forward process with the cosine schedule (T = 100): x_t = √ᾱ_t·x₀ + √(1 − ᾱ_t)·ε. Two MLPs learn to predict ε from x_t
// (the ε-prediction loss of Ho et al.); one also sees t as sine/cosine features. Both get the same points, steps and
// noise. Without t the network has to guess the noise level from x_t alone, and its loss stays higher. The table
// printed at the end shows where: at the smallest and largest noise levels.
const steps = STEPS ?? 400;
const T = 100;
const hidden = 64;
const batch = 128;
const n = 1024;
const freqs = 4;

// Two spirals, shuffled and scaled to roughly unit spread.
const spirals = data.spirals({ n, classes: 2, noise: 0.05, seed: 6 });
const rng = data.rng(6);
const order = Array.from({ length: n }, (_, i) => i);
for (let i = n - 1; i > 0; i--) {
  const j = rng.int(i + 1);
  [order[i], order[j]] = [order[j], order[i]];
}
const x = tf.tidy(() => tf.gather(spirals.x, tf.tensor1d(order, 'int32')).div(2));
tf.dispose([spirals.y, spirals.labels, spirals.x]);

// Cosine schedule (Nichol & Dhariwal, 2021): ᾱ(t) = f(t)/f(0), f(t) = cos²(π/2 · (t/T + 0.008)/1.008), t = 1 … T.
const f = (t) => Math.cos(((t / T + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
const alphasCumprod = tf.tensor1d(Array.from({ length: T }, (_, t) => f(t + 1) / f(0)));

// t as sine/cosine features of (t + 1)/T, like a (tiny) timestep embedding.
const embed = (t) =>
  tf.tidy(() => {
    const u = t.toFloat().add(1).div(T).reshape([-1, 1]).mul(tf.range(1, freqs + 1).mul(Math.PI));
    return tf.concat([tf.sin(u), tf.cos(u)], 1);
  });

const dense = (fanIn, fanOut, seed) => ({
  w: tf.variable(tf.randomNormal([fanIn, fanOut], 0, Math.sqrt(2 / fanIn), 'float32', seed)),
  b: tf.variable(tf.zeros([fanOut])),
});
function makeDenoiser(useTime) {
  const layers = [dense(useTime ? 2 + 2 * freqs : 2, hidden, 1), dense(hidden, hidden, 2), dense(hidden, 2, 3)];
  const predict = (xt, t) => {
    let h = useTime ? tf.concat([xt, embed(t)], 1) : xt;
    layers.forEach(({ w, b }, i) => {
      h = tf.matMul(h, w).add(b);
      if (i < layers.length - 1) h = tf.relu(h);
    });
    return h;
  };
  return { predict, optimizer: tf.train.adam(0.003), vars: layers.flatMap(({ w, b }) => [w, b]) };
}
const models = { 'with t': makeDenoiser(true), 'without t': makeDenoiser(false) };

const qSample = (x0, t, eps) =>
  tf.tidy(() => {
    const abar = tf.gather(alphasCumprod, t).reshape([-1, 1]);
    return x0.mul(abar.sqrt()).add(eps.mul(tf.sub(1, abar).sqrt()));
  });

for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n;
  const x0 = x.slice([start, 0], [batch, 2]);
  const t = tf.randomUniform([batch], 0, T, 'int32', 2 * step + 1);
  const eps = tf.randomNormal([batch, 2], 0, 1, 'float32', 2 * step + 2);
  const xt = qSample(x0, t, eps);
  for (const [name, model] of Object.entries(models)) {
    const loss = model.optimizer.minimize(() => tf.mean(tf.square(model.predict(xt, t).sub(eps))), true, model.vars);
    report(loss, name);
    loss.dispose();
  }
  tf.dispose([x0, t, eps, xt]);
}

// The loss at fixed noise levels, on all 1024 points.
const rows = [2, 10, 30, 60, 90].map((level) =>
  tf.tidy(() => {
    const t = tf.fill([n], level, 'int32');
    const eps = tf.randomNormal([n, 2], 0, 1, 'float32', 7 + level);
    const xt = qSample(x, t, eps);
    const cells = Object.entries(models).map(([name, m]) => `${name} ${tf.mean(tf.square(m.predict(xt, t).sub(eps))).dataSync()[0].toFixed(3)}`);
    return `t = ${String(level).padStart(2)} (ᾱ = ${alphasCumprod.slice(level, 1).dataSync()[0].toFixed(3)}):  ${cells.join('   ')}`;
  }));
console.log('ε-prediction loss by noise level:\n' + rows.join('\n'));
