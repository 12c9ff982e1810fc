// tf.layers.batchNormalization in training, as one kernel forward and one backward on the WebAssembly
// backend. tfjs-layers composes it from tf.moments and tf.batchNorm, and tfjs-core differentiates that
// op by op: per layer and step, ~15 kernels forward and ~45 backward, most of them over the whole
// activation, and the backend's reductions over the batch axes transpose their input first. In a
// small CNN (bench/user/conv-classifier.js) the two layers were 60% of the training step.
//
// The kernels here do the same arithmetic as that composition, in the same order, rounding to
// float32 where each of its ops does and summing each channel sequentially in the order the
// backend's Mean and Sum kernels do, so their results are bit for bit what stock tfjs computes on
// WebAssembly (the property tests check it). Forward, with R the number of values per channel:
//   m = Σx / R,  d = x − m,  v = Σd² / R,  y = β + (d·γ) / √(v + ε)
// and backward, from tfjs-core's gradients of FusedBatchNorm, Square, Sub and Mean as they chain:
//   r = 1/√(v + ε),  Gm = Σ −r·(dy·γ),  Gv = Σ (−½r³·d)·(dy·γ),  dγ = Σ dy·(d·r),  dβ = Σ dy,
//   e = (Gv/R)·2d,   dx = (dy·r)·γ + e + (Gm − Σe)/R.
// The kernels and the gradient use tfjs's public API (tf.registerKernel, tf.registerGradient,
// engine().runKernel); a version for tfjs itself would write the textbook formula instead of
// following the composition's rounding. Routing the layer to them replaces
// BatchNormalization.prototype.call, which is tfjs-layers' internal: hence the version gate.
import type * as TF from '@tensorflow/tfjs';
import { input, type KernelInputs, type TensorInfo, type Tfjs, type WasmBackend } from '../kernels';

const FORWARD = 'DeepLearningNotesBatchNormTraining';
const BACKWARD = 'DeepLearningNotesBatchNormTrainingGrad';
const MOVING = 'DeepLearningNotesMovingAverages';
const f32 = Math.fround;

/**
 * Sums each channel of `values` (rows of `channels` values) in row order, rounding every addition to
 * float32 as the backend's reductions do. Four channels at a time, each in a local: one running sum
 * per channel is a chain of dependent additions, and four of them overlap (~4× faster here).
 */
export function sumChannels(values: Float32Array, channels: number, out: Float32Array): void {
  const n = values.length;
  let c = 0;
  for (; c + 4 <= channels; c += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = c; i < n; i += channels) {
      s0 = f32(s0 + (values[i] as number));
      s1 = f32(s1 + (values[i + 1] as number));
      s2 = f32(s2 + (values[i + 2] as number));
      s3 = f32(s3 + (values[i + 3] as number));
    }
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
  }
  for (; c < channels; c++) {
    let s = 0;
    for (let i = c; i < n; i += channels) s = f32(s + (values[i] as number));
    out[c] = s;
  }
}

/**
 * Σ (x − m)² down each channel, every deviation and square rounded to float32 as the backend's Sub and
 * Square kernels store them, summed in row order as its Sum does. One pass, without storing the squares;
 * loops run down one channel at a time with its numbers in locals (2–3× faster here than walking the rows),
 * four channels at once so that four chains of additions overlap.
 */
function squaredDeviationSums(x: Float32Array, mean: Float32Array, out: Float32Array): void {
  const channels = mean.length;
  const n = x.length;
  let c = 0;
  for (; c + 4 <= channels; c += 4) {
    const [m0, m1, m2, m3] = [mean[c], mean[c + 1], mean[c + 2], mean[c + 3]] as number[] as [
      number,
      number,
      number,
      number,
    ];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = c; i < n; i += channels) {
      const d0 = f32((x[i] as number) - m0);
      const d1 = f32((x[i + 1] as number) - m1);
      const d2 = f32((x[i + 2] as number) - m2);
      const d3 = f32((x[i + 3] as number) - m3);
      s0 = f32(s0 + f32(d0 * d0));
      s1 = f32(s1 + f32(d1 * d1));
      s2 = f32(s2 + f32(d2 * d2));
      s3 = f32(s3 + f32(d3 * d3));
    }
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
  }
  for (; c < channels; c++) {
    const m = mean[c] as number;
    let s = 0;
    for (let i = c; i < n; i += channels) {
      const d = f32((x[i] as number) - m);
      s = f32(s + f32(d * d));
    }
    out[c] = s;
  }
}

/**
 * The forward pass over x seen as rows of `channels` values (the channel is the last axis): the batch
 * mean and variance of each channel, and y normalised with them, scaled by γ and shifted by β.
 */
export function batchNormForward(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  out: { y: Float32Array; mean: Float32Array; variance: Float32Array },
): void {
  const { y, mean, variance } = out;
  const channels = mean.length;
  const n = x.length;
  const rows = n / channels;
  sumChannels(x, channels, mean);
  for (let c = 0; c < channels; c++) mean[c] = (mean[c] as number) / rows;
  squaredDeviationSums(x, mean, variance);
  const norm = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    variance[c] = (variance[c] as number) / rows;
    norm[c] = Math.sqrt(f32((variance[c] as number) + epsilon));
  }
  for (let c = 0; c < channels; c++) {
    const [m, g, b, root] = [mean[c], gamma[c], beta[c], norm[c]] as number[] as [number, number, number, number];
    // The backend's kernel adds β to the quotient before rounding it (measured: bit for bit over wide ranges).
    for (let i = c; i < n; i += channels) y[i] = b + f32(f32((x[i] as number) - m) * g) / root;
  }
}

/**
 * The backward pass: dx, dγ and dβ from dy, plus the gradients that reach the batch mean and variance
 * from elsewhere (dMean, dVariance; zero when, as in the layer, only y is used).
 */
export function batchNormBackward(
  a: {
    dy: Float32Array;
    x: Float32Array;
    gamma: Float32Array;
    mean: Float32Array;
    variance: Float32Array;
    dMean: Float32Array;
    dVariance: Float32Array;
    epsilon: number;
  },
  out: { dx: Float32Array; dGamma: Float32Array; dBeta: Float32Array },
): void {
  const { dy, x, gamma, mean, variance, dMean, dVariance, epsilon } = a;
  const { dx, dGamma, dBeta } = out;
  const channels = mean.length;
  const n = x.length;
  const rows = n / channels;
  const r = new Float32Array(channels);
  const gMean = new Float32Array(channels);
  const gVariance = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const rc = f32(1 / f32(Math.sqrt(f32((variance[c] as number) + epsilon))));
    const minusHalfRCubed = f32(f32(f32(rc * rc) * rc) * -0.5);
    const m = mean[c] as number;
    const g = gamma[c] as number;
    // Four sums over the channel at once: four independent chains of additions.
    let sumMean = 0;
    let sumVariance = 0;
    let sumGamma = 0;
    let sumBeta = 0;
    for (let i = c; i < n; i += channels) {
      const up = dy[i] as number;
      const d = f32((x[i] as number) - m);
      const upScaled = f32(up * g);
      sumMean = f32(sumMean + f32(-rc * upScaled));
      sumVariance = f32(sumVariance + f32(f32(minusHalfRCubed * d) * upScaled));
      sumGamma = f32(sumGamma + f32(up * f32(d * rc)));
      sumBeta = f32(sumBeta + up);
    }
    r[c] = rc;
    // Gradients of the mean and variance from outside join before they flow back to x (none in the layer).
    gMean[c] = dMean[c] === 0 ? sumMean : sumMean + (dMean[c] as number);
    gVariance[c] = (dVariance[c] === 0 ? sumVariance : f32(sumVariance + (dVariance[c] as number))) / rows;
    dGamma[c] = sumGamma;
    dBeta[c] = sumBeta;
  }
  // The variance's share of dx, e = (Gv/R)·2d, kept in dx; its sum is what reaches the mean through d = x − m.
  const eSum = new Float32Array(channels);
  varianceShares(x, mean, gVariance, dx, eSum);
  for (let c = 0; c < channels; c++) gMean[c] = f32((gMean[c] as number) - (eSum[c] as number)) / rows;
  for (let c = 0; c < channels; c++) {
    const [rc, g, gm] = [r[c], gamma[c], gMean[c]] as number[] as [number, number, number];
    for (let i = c; i < n; i += channels) dx[i] = f32(f32(f32((dy[i] as number) * rc) * g) + (dx[i] as number)) + gm;
  }
}

/**
 * e = q·2(x − m) down each channel (q its Gv/R) into `e`, rounded to float32 at each step as the backend's
 * kernels store it, and its sum in row order: one pass, four channels at once so that four chains of
 * additions overlap.
 */
function varianceShares(
  x: Float32Array,
  mean: Float32Array,
  q: Float32Array,
  e: Float32Array,
  out: Float32Array,
): void {
  const channels = mean.length;
  const n = x.length;
  let c = 0;
  for (; c + 4 <= channels; c += 4) {
    const [m0, m1, m2, m3] = [mean[c], mean[c + 1], mean[c + 2], mean[c + 3]] as number[] as [
      number,
      number,
      number,
      number,
    ];
    const [q0, q1, q2, q3] = [q[c], q[c + 1], q[c + 2], q[c + 3]] as number[] as [number, number, number, number];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = c; i < n; i += channels) {
      const e0 = f32(q0 * f32(2 * f32((x[i] as number) - m0)));
      const e1 = f32(q1 * f32(2 * f32((x[i + 1] as number) - m1)));
      const e2 = f32(q2 * f32(2 * f32((x[i + 2] as number) - m2)));
      const e3 = f32(q3 * f32(2 * f32((x[i + 3] as number) - m3)));
      e[i] = e0;
      e[i + 1] = e1;
      e[i + 2] = e2;
      e[i + 3] = e3;
      s0 = f32(s0 + e0);
      s1 = f32(s1 + e1);
      s2 = f32(s2 + e2);
      s3 = f32(s3 + e3);
    }
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
  }
  for (; c < channels; c++) {
    const [m, qc] = [mean[c], q[c]] as number[] as [number, number];
    let s = 0;
    for (let i = c; i < n; i += channels) {
      const ei = f32(qc * f32(2 * f32((x[i] as number) - m)));
      e[i] = ei;
      s = f32(s + ei);
    }
    out[c] = s;
  }
}

const heap = (backend: WasmBackend, t: TensorInfo) => backend.typedArrayFromHeap(t);

function forwardKernel(args: { inputs: KernelInputs; backend: WasmBackend; attrs: Record<string, unknown> }) {
  const { backend, inputs } = args;
  const x = input(inputs, 'x', FORWARD);
  const channels = x.shape[x.shape.length - 1] ?? 1;
  // Allocate first: growing the WebAssembly heap detaches views created before.
  const y = backend.makeOutput(x.shape, 'float32');
  const mean = backend.makeOutput([channels], 'float32');
  const variance = backend.makeOutput([channels], 'float32');
  batchNormForward(
    heap(backend, x),
    heap(backend, input(inputs, 'scale', FORWARD)),
    heap(backend, input(inputs, 'offset', FORWARD)),
    f32(args.attrs.varianceEpsilon as number),
    { y: heap(backend, y), mean: heap(backend, mean), variance: heap(backend, variance) },
  );
  return [y, mean, variance];
}

function backwardKernel(args: { inputs: KernelInputs; backend: WasmBackend; attrs: Record<string, unknown> }) {
  const { backend, inputs } = args;
  const x = input(inputs, 'x', BACKWARD);
  const channels = x.shape[x.shape.length - 1] ?? 1;
  const dx = backend.makeOutput(x.shape, 'float32');
  const dGamma = backend.makeOutput([channels], 'float32');
  const dBeta = backend.makeOutput([channels], 'float32');
  const read = (name: string) => heap(backend, input(inputs, name, BACKWARD));
  batchNormBackward(
    {
      dy: read('dy'),
      x: read('x'),
      gamma: read('scale'),
      mean: read('mean'),
      variance: read('variance'),
      dMean: read('dMean'),
      dVariance: read('dVariance'),
      epsilon: f32(args.attrs.varianceEpsilon as number),
    },
    { dx: heap(backend, dx), dGamma: heap(backend, dGamma), dBeta: heap(backend, dBeta) },
  );
  return [dx, dGamma, dBeta];
}

/**
 * Both moving averages of a layer in one kernel, as tfjs-layers updates each with three ops:
 * m ← m − (m − batch m)·d, with d = 1 − momentum as a float32 scalar, every op rounded to float32.
 */
function movingAveragesKernel(args: { inputs: KernelInputs; backend: WasmBackend; attrs: Record<string, unknown> }) {
  const { backend, inputs } = args;
  const decay = f32(args.attrs.decay as number);
  const movingMean = input(inputs, 'movingMean', MOVING);
  const outs = [backend.makeOutput(movingMean.shape, 'float32'), backend.makeOutput(movingMean.shape, 'float32')];
  const pairs = [
    ['movingMean', 'mean'],
    ['movingVariance', 'variance'],
  ] as const;
  pairs.forEach(([average, batch], k) => {
    // Views after the allocations: growing the heap detaches earlier ones.
    const previous = heap(backend, input(inputs, average, MOVING));
    const value = heap(backend, input(inputs, batch, MOVING));
    const out = heap(backend, outs[k] as TensorInfo);
    for (let i = 0; i < out.length; i++) {
      const p = previous[i] as number;
      out[i] = p - f32(f32(p - (value[i] as number)) * decay);
    }
  });
  return outs;
}

/** The parts of tfjs-layers' BatchNormalization (its fields and LayerVariable) that the training path uses. */
interface LayerVariable {
  read(): TF.Tensor;
  write(value: TF.Tensor): void;
}
interface BatchNormalizationLayer {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma?: LayerVariable;
  beta?: LayerVariable;
  movingMean: LayerVariable;
  movingVariance: LayerVariable;
}
type Call = (
  this: BatchNormalizationLayer,
  inputs: TF.Tensor | TF.Tensor[],
  kwargs?: Record<string, unknown>,
) => unknown;

/**
 * Registers the two kernels and the gradient, and routes tf.layers.batchNormalization's training
 * step to them where they apply: on `wasm`, float32 input of rank 2 to 4 normalised over its last
 * axis (the default), with γ and β (the default). Everything else keeps tfjs-layers' own path.
 * Returns a function that puts tfjs-layers' own call back.
 */
export function useFusedBatchNorm(tf: Tfjs): () => void {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization;
  const prototype = (entry?.[0] as unknown as { prototype?: { call?: Call } } | undefined)?.prototype;
  const stock = prototype?.call;
  if (!prototype || !stock) throw new Error('tfjs-layers has no BatchNormalization layer to route');
  tf.registerKernel({ kernelName: FORWARD, backendName: 'wasm', kernelFunc: forwardKernel as never });
  tf.registerKernel({ kernelName: BACKWARD, backendName: 'wasm', kernelFunc: backwardKernel as never });
  tf.registerKernel({ kernelName: MOVING, backendName: 'wasm', kernelFunc: movingAveragesKernel as never });
  tf.registerGradient({
    kernelName: FORWARD,
    inputsToSave: ['x', 'scale'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [dy, dMean, dVariance] = dys as TF.Tensor[];
      const [x, scale, mean, variance] = saved;
      // All three at once, outside the per-input scopes the engine runs the functions below in.
      const [dx, dGamma, dBeta] = tf
        .engine()
        .runKernel<[TF.Tensor, TF.Tensor, TF.Tensor]>(
          BACKWARD,
          { dy, x, scale, mean, variance, dMean, dVariance } as never,
          attrs,
        );
      return { x: () => dx, scale: () => dGamma, offset: () => dBeta };
    },
  });
  prototype.call = function (inputs, kwargs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const rank = x?.shape.length ?? 0;
    const { gamma, beta, movingMean, movingVariance, momentum } = this;
    const applies =
      kwargs?.training === true &&
      (!Array.isArray(inputs) || inputs.length === 1) &&
      x !== undefined &&
      tf.getBackend() === 'wasm' &&
      x.dtype === 'float32' &&
      rank >= 2 &&
      rank <= 4 &&
      (this.axis === -1 || this.axis === rank - 1) &&
      x.size > 0;
    if (!applies || !gamma || !beta) return stock.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const [y, mean, variance] = tf.engine().runKernel<[TF.Tensor, TF.Tensor, TF.Tensor]>(
        FORWARD,
        { x, scale: gamma.read(), offset: beta.read() },
        {
          varianceEpsilon: this.epsilon,
        },
      );
      // The moving averages exactly as tfjs-layers updates them: m ← m − (m − batch m)·(1 − momentum), in one
      // kernel for both instead of six.
      const [newMean, newVariance] = tf
        .engine()
        .runKernel<[TF.Tensor, TF.Tensor]>(
          MOVING,
          { movingMean: movingMean.read(), movingVariance: movingVariance.read(), mean, variance },
          { decay: 1 - momentum },
        );
      movingMean.write(newMean);
      movingVariance.write(newVariance);
      return y;
    });
  };
  return () => {
    prototype.call = stock;
    tf.unregisterGradient(FORWARD);
    tf.unregisterKernel(FORWARD, 'wasm');
    tf.unregisterKernel(BACKWARD, 'wasm');
    tf.unregisterKernel(MOVING, 'wasm');
  };
}
