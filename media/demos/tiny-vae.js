// @title A tiny VAE on 8×8 bar images
// @note variational-autoencoders
// @steps 300
// Encoder → (μ, log σ²) of a 2-D latent, one reparameterized sample z = μ + σ·ε, decoder → pixel logits.
// Negative ELBO = reconstruction (Bernoulli cross-entropy, summed over pixels) + KL(q(z|x) ‖ N(0, I)); KL rises as the code starts carrying information.
const steps = STEPS ?? 300;
const size = 8;
const pixels = size * size;
const latent = 2;
const hidden = 64;
const batch = 64;
const n = 512;

const bars = data.bars({ n, size, noise: 0.05, seed: 3 });
const x = tf.tidy(() => bars.x.reshape([n, pixels]).clipByValue(0, 1)); // pixel values as Bernoulli targets

const dense = (fanIn, fanOut, seed) => [
  tf.variable(tf.randomNormal([fanIn, fanOut], 0, Math.sqrt(2 / fanIn), 'float32', seed)),
  tf.variable(tf.zeros([fanOut])),
];
const [encW1, encB1] = dense(pixels, hidden, 1);
const [encW2, encB2] = dense(hidden, 2 * latent, 2);
const [decW1, decB1] = dense(latent, hidden, 3);
const [decW2, decB2] = dense(hidden, pixels, 4);

const encode = (xb) => {
  const out = tf.matMul(tf.relu(tf.matMul(xb, encW1).add(encB1)), encW2).add(encB2);
  return tf.split(out, 2, 1); // [μ, log σ²]
};
const decode = (z) => tf.matMul(tf.relu(tf.matMul(z, decW1).add(decB1)), decW2).add(decB2);

const optimizer = tf.train.adam(0.008);
let parts;
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n;
  const xb = x.slice([start, 0], [batch, -1]);
  const eps = tf.randomNormal([batch, latent], 0, 1, 'float32', 1000 + step);
  const negElbo = optimizer.minimize(() => {
    const [mu, logVar] = encode(xb);
    const z = mu.add(tf.exp(logVar.mul(0.5)).mul(eps)); // σ = exp(½ log σ²), not exp(log σ²)
    // Sum over pixels and over latent dimensions, then average over the batch (mixing a mean over pixels
    // with a sum over latents would weight the KL 64× too much).
    const recon = tf.mean(tf.sum(tf.losses.sigmoidCrossEntropy(xb, decode(z), undefined, 0, tf.Reduction.NONE), 1));
    const kl = tf.mean(tf.sum(tf.square(mu).add(tf.exp(logVar)).sub(1).sub(logVar), 1).mul(0.5));
    parts = [tf.keep(recon), tf.keep(kl)];
    return recon.add(kl);
  }, true);
  report(negElbo, 'negative ELBO');
  report(parts[0], 'reconstruction');
  report(parts[1], 'KL');
  tf.dispose([negElbo, ...parts, xb, eps]);
}

// Generate: decode points of the prior N(0, I) and print them.
tf.tidy(() => {
  const z = tf.tensor2d([[-1.5, 0], [-0.5, 0], [0.5, 0], [1.5, 0], [0, -1.5], [0, -0.5], [0, 0.5], [0, 1.5]]);
  const images = tf.sigmoid(decode(z)).arraySync();
  const lines = Array.from({ length: size }, (_, r) =>
    images.map((img) => img.slice(r * size, (r + 1) * size).map((p) => (p > 0.5 ? '█' : p > 0.2 ? '░' : '·')).join('')).join('  '));
  console.log('decoded latent points z₁ = −1.5 … 1.5 (first four), z₂ = −1.5 … 1.5 (last four):\n' + lines.join('\n'));
});
