// Small, seeded synthetic data sets for demos and user code in the sandbox
// (the global `data`). Everything is generated in plain JavaScript, so the same
// seed gives the same data on every backend.
import type { Tfjs } from './kernels';

/** Mulberry32: a tiny, fast, seedable PRNG. */
export function randomGenerator(seed = 1): { next(): number; normal(): number; int(n: number): number } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, normal, int: (n: number) => Math.floor(next() * n) };
}

export function createSyntheticData(tf: Tfjs) {
  return {
    rng: randomGenerator,

    /** y = x·w + noise, with a fixed random w. Returns x [n, features], y [n, 1]. */
    regression({ n = 512, features = 8, noise = 0.1, seed = 1 } = {}) {
      const rng = randomGenerator(seed);
      const w = Array.from({ length: features }, () => rng.normal());
      const xs = new Float32Array(n * features);
      const ys = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let y = 0;
        for (let j = 0; j < features; j++) {
          const v = rng.normal();
          xs[i * features + j] = v;
          y += v * w[j]!;
        }
        ys[i] = y + noise * rng.normal();
      }
      return { x: tf.tensor2d(xs, [n, features]), y: tf.tensor2d(ys, [n, 1]) };
    },

    /** Gaussian blobs, one per class. Returns x [n, features], y one-hot [n, classes], labels [n]. */
    classification({ n = 512, features = 16, classes = 4, spread = 1.5, seed = 1 } = {}) {
      const rng = randomGenerator(seed);
      const centres = Array.from({ length: classes }, () =>
        Array.from({ length: features }, () => spread * rng.normal()),
      );
      const xs = new Float32Array(n * features);
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const c = rng.int(classes);
        labels[i] = c;
        for (let j = 0; j < features; j++) xs[i * features + j] = centres[c]![j]! + rng.normal();
      }
      const labelTensor = tf.tensor1d(labels, 'int32');
      return { x: tf.tensor2d(xs, [n, features]), y: tf.oneHot(labelTensor, classes).toFloat(), labels: labelTensor };
    },

    /** Interleaved 2-D spirals, a classic non-linear problem. Returns x [n, 2], y one-hot, labels. */
    spirals({ n = 512, classes = 2, noise = 0.1, seed = 1 } = {}) {
      const rng = randomGenerator(seed);
      const xs = new Float32Array(n * 2);
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const c = i % classes;
        const r = (i / n) * 4 + 0.2;
        const angle = r * 1.75 + (2 * Math.PI * c) / classes;
        xs[2 * i] = r * Math.cos(angle) + noise * rng.normal();
        xs[2 * i + 1] = r * Math.sin(angle) + noise * rng.normal();
        labels[i] = c;
      }
      const labelTensor = tf.tensor1d(labels, 'int32');
      return { x: tf.tensor2d(xs, [n, 2]), y: tf.oneHot(labelTensor, classes).toFloat(), labels: labelTensor };
    },

    /** Random integer token sequences [n, length] over a vocabulary, as int32. */
    sequences({ n = 256, length = 16, vocab = 16, seed = 1 } = {}) {
      const rng = randomGenerator(seed);
      const tokens = Int32Array.from({ length: n * length }, () => rng.int(vocab));
      return { tokens: tf.tensor2d(tokens, [n, length], 'int32'), values: tokens };
    },

    /** Small greyscale images [n, size, size, 1] of horizontal or vertical bars; labels 0 = horizontal, 1 = vertical. */
    bars({ n = 256, size = 12, noise = 0.1, seed = 1 } = {}) {
      const rng = randomGenerator(seed);
      const pixels = new Float32Array(n * size * size);
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const vertical = rng.int(2);
        const at = 1 + rng.int(size - 2);
        labels[i] = vertical;
        for (let r = 0; r < size; r++) {
          for (let c = 0; c < size; c++) {
            const on = vertical ? c === at : r === at;
            pixels[i * size * size + r * size + c] = (on ? 1 : 0) + noise * rng.normal();
          }
        }
      }
      const labelTensor = tf.tensor1d(labels, 'int32');
      return {
        x: tf.tensor4d(pixels, [n, size, size, 1]),
        y: tf.oneHot(labelTensor, 2).toFloat(),
        labels: labelTensor,
      };
    },

    /**
     * A stochastic block model: nodes in communities, denser edges inside a community.
     * Returns adjacency [nodes, nodes] (symmetric, no self loops), features [nodes, features]
     * (noisy community indicators) and labels [nodes].
     */
    graph({ nodes = 120, communities = 3, pIn = 0.15, pOut = 0.01, features = 8, noise = 1.0, seed = 1 } = {}) {
      const rng = randomGenerator(seed);
      const labels = Int32Array.from({ length: nodes }, (_, i) => i % communities);
      const adjacency = new Float32Array(nodes * nodes);
      for (let i = 0; i < nodes; i++) {
        for (let j = i + 1; j < nodes; j++) {
          if (rng.next() < (labels[i] === labels[j] ? pIn : pOut))
            adjacency[i * nodes + j] = adjacency[j * nodes + i] = 1;
        }
      }
      const feats = new Float32Array(nodes * features);
      for (let i = 0; i < nodes; i++) {
        for (let j = 0; j < features; j++)
          feats[i * features + j] = (j % communities === labels[i] ? 0.5 : 0) + noise * rng.normal();
      }
      return {
        adjacency: tf.tensor2d(adjacency, [nodes, nodes]),
        features: tf.tensor2d(feats, [nodes, features]),
        labels: tf.tensor1d(labels, 'int32'),
      };
    },
  };
}

export type SyntheticData = ReturnType<typeof createSyntheticData>;
