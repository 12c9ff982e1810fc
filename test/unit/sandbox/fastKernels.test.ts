// Property tests of the sandbox's fast kernels against stock tfjs on the same backend, with real tfjs in this
// process: every replaced kernel, the patched optimizer and the patched engine, over seeded random shapes, dtypes,
// strides and paddings plus the edge cases (empty tensors, size-1 dimensions, ties). Each case runs twice, once with
// the fast kernels installed and once with stock tfjs, and the outputs are compared.
//
// Tolerances. Copies (slice, split, gather, tile), the maxPool gradient, the segment sum, the Adam update, the shared saved tensors,
// the direct calls of the backend's own C functions (binary ops, matMul, transpose), clones and same-dtype casts sharing
// memory, the sum over leading axes, and the fused batch normalization of
// tf.layers (output, gradients and moving statistics) must be bit-identical to stock tfjs. Kernels that sum in a different order (matMul with a transpose, the
// conv2d gradients — a conv2d or, for inputs of up to 4 channels, a matMul of the input patches — the tile gradient) must stay
// within the float32 rounding bound of a reordered sum:
//   |fast − stock| ≤ 2·n·2⁻²⁴ · Σ|terms|      (n terms per output; Σ|terms| computed with stock kernels on |inputs|)
// tf.layers.conv2d's routing (a registered gradient for FusedConv2D, so that an input gradient nobody needs is not
// computed) runs the same kernels as the layer's own path: its output and gradients must be bit-identical to that path
// with the same fast kernels, and its first layer must run no Conv2DBackpropInput when only the weights' gradients are asked.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { borrowMissingKernels } from '../../../src/sandbox/borrowedKernels';
import {
  FAST_KERNELS_TFJS_VERSION,
  fastKernelGate,
  installFastKernels,
  type TfjsVersions,
} from '../../../src/sandbox/fastKernels';
import { headerLines } from '../../../src/sandbox/runHeader';
import { randomGenerator } from '../../../src/sandbox/syntheticData';
import { projectRoot } from '../helpers';

const tf = require('@tensorflow/tfjs') as typeof TF;
const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void; version_wasm: string };
const versions = (): TfjsVersions => ({ ...tf.version, 'tfjs-backend-wasm': wasm.version_wasm });

/** float32's unit roundoff, 2⁻²⁴. */
const EPSILON = 2 ** -24;

type Backend = 'wasm' | 'cpu';
interface Result {
  shape: number[];
  dtype: string;
  values: number[];
}
const read = (t: TF.Tensor): Result => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) });
/** Reads what `compute` returns and frees every tensor it made. */
function readAll(compute: () => TF.Tensor[]): Result[] {
  let results: Result[] = [];
  tf.tidy(() => {
    results = compute().map(read);
  });
  return results;
}

/** Runs `compute` with the fast kernels and with stock tfjs on `backend`; the tensors it returns, read out. */
function bothWays(backend: Backend, compute: () => TF.Tensor[]): { fast: Result[]; stock: Result[] } {
  const run = () => readAll(compute);
  const { status, restore } = installFastKernels(tf, backend, versions(), true);
  assert.ok(status.applied, status.reason);
  try {
    const fast = run();
    restore();
    return { fast, stock: run() };
  } finally {
    restore();
  }
}

/** Runs `compute` with the fast kernels only: where stock tfjs fails outright (another backend is the reference). */
function fastOnly(backend: Backend, compute: () => TF.Tensor[]): Result[] {
  const { status, restore } = installFastKernels(tf, backend, versions(), true);
  assert.ok(status.applied, status.reason);
  try {
    return readAll(compute);
  } finally {
    restore();
  }
}

function assertIdentical(fast: Result[], stock: Result[], what: string): void {
  assert.equal(fast.length, stock.length, what);
  fast.forEach((f, i) => {
    const s = stock[i]!;
    assert.deepEqual([f.shape, f.dtype], [s.shape, s.dtype], `${what}: output ${i} shape and dtype`);
    f.values.forEach((v, j) =>
      assert.ok(Object.is(v, s.values[j]), `${what}: output ${i}[${j}] is ${v}, stock ${s.values[j]}`),
    );
  });
}

/** Within the rounding bound of a sum of `terms` terms whose magnitudes add up to `magnitude[j]` at output j. */
function assertWithinSumBound(fast: Result, stock: Result, magnitude: Result, terms: number, what: string): number {
  assert.deepEqual([fast.shape, fast.dtype], [stock.shape, stock.dtype], `${what}: shape and dtype`);
  let worst = 0;
  fast.values.forEach((v, j) => {
    const bound = 2 * Math.max(1, terms) * EPSILON * (magnitude.values[j] ?? 0);
    const error = Math.abs(v - (stock.values[j] ?? NaN));
    assert.ok(error <= bound, `${what}[${j}]: ${v} vs stock ${stock.values[j]}, off by ${error} > bound ${bound}`);
    if (bound > 0) worst = Math.max(worst, error / bound);
  });
  return worst;
}

const rng = randomGenerator(20261128);
const int = (low: number, high: number) => low + rng.int(high - low + 1);
const pick = <T>(options: readonly T[]): T => options[rng.int(options.length)]!;
/** Random values of a dtype; `ties` rounds floats so that equal values are common. */
function randomTensor(shape: number[], dtype: 'float32' | 'int32' | 'bool' = 'float32', ties = false): TF.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, () =>
    dtype === 'bool'
      ? rng.int(2)
      : dtype === 'int32'
        ? int(-50, 50)
        : ties
          ? Math.round(2 * rng.normal())
          : rng.normal(),
  );
  return tf.tensor(values, shape, dtype);
}
const randomShape = (rank: number, max: number, allowEmpty = true) =>
  Array.from({ length: rank }, () => (allowEmpty && rng.int(12) === 0 ? 0 : rng.int(4) === 0 ? 1 : int(1, max)));

describe('fast kernels against stock tfjs (property tests, real tfjs in-process)', function () {
  this.timeout(300_000);
  let previousBackend: string | undefined;

  before(async () => {
    previousBackend = tf.getBackend();
    wasm.setWasmPaths(`${join(projectRoot, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
    assert.ok(await tf.setBackend('wasm'), 'the wasm backend initialises');
    // What the sandbox does on WebAssembly before any fast kernel: stock tfjs plus the CPU bridges.
    borrowMissingKernels(tf, 'wasm');
  });

  after(async () => {
    // Other unit tests use tfjs in this process on its default backend.
    await tf.setBackend(previousBackend ?? 'cpu');
  });

  const on = (backend: Backend) => async () => {
    await tf.setBackend(backend);
  };

  describe('the gate', () => {
    it(`lets the fast kernels run only on tfjs ${FAST_KERNELS_TFJS_VERSION} and only when the setting is on`, () => {
      assert.deepEqual(fastKernelGate(versions(), true), { ok: true });
      const off = fastKernelGate(versions(), false);
      assert.ok(!off.ok && /turned off/.test(off.reason));
      for (const name of ['tfjs-core', 'tfjs-backend-wasm', 'tfjs-backend-cpu', 'tfjs-layers']) {
        const other = fastKernelGate({ ...versions(), [name]: '4.23.0' }, true);
        assert.ok(!other.ok && other.reason.includes(`${name} is 4.23.0`), `${name}: ${JSON.stringify(other)}`);
      }
      const status = installFastKernels(tf, 'wasm', { ...versions(), 'tfjs-core': '4.21.0' }, true).status;
      assert.deepEqual([status.applied, status.kernels], [false, []]);
      // What the run header then says.
      const header = headerLines({
        backend: 'wasm',
        version: '4.21.0',
        fallbacks: [],
        kernels: status,
        protections: [],
      });
      assert.equal(header[0], 'backend: WebAssembly, tfjs 4.21.0, stock tfjs');
      assert.equal(
        header[1],
        'kernels: stock tfjs (fast kernels: tfjs-core is 4.21.0; they are written and tested for tfjs 4.22.0 only)',
      );
    });

    it('installs all or nothing: a backend without a kernel they rely on gets stock tfjs back, whole', () => {
      const before = tf.getKernelsForBackend('wasm').map((k) => [k.kernelName, k.kernelFunc]);
      const reverse = tf.getKernel('Reverse', 'wasm');
      tf.unregisterKernel('Reverse', 'wasm');
      try {
        const { status } = installFastKernels(tf, 'wasm', versions(), true);
        assert.equal(status.applied, false);
        assert.match(status.reason ?? '', /conv2d gradients did not install: the wasm backend has no Reverse kernel/);
      } finally {
        tf.registerKernel(reverse);
      }
      const after = new Map(tf.getKernelsForBackend('wasm').map((k) => [k.kernelName, k.kernelFunc]));
      for (const [name, kernelFunc] of before)
        assert.equal(after.get(name as string), kernelFunc, `${name} is stock again`);
    });

    it('restores stock tfjs completely: kernels, gradients and the optimizer', async () => {
      await tf.setBackend('wasm');
      const kernels = () => new Map(tf.getKernelsForBackend('wasm').map((k) => [k.kernelName, k.kernelFunc]));
      const conv2DPrototype = () =>
        (tf.serialization.SerializationMap.getMap().classNameMap.Conv2D?.[0] as unknown as { prototype: object })
          .prototype;
      const batchNorm = () =>
        (
          tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization?.[0] as unknown as {
            prototype: { call: unknown };
          }
        ).prototype.call;
      const before = {
        kernels: kernels(),
        tile: tf.getGradient('Tile'),
        adam: tf.AdamOptimizer.prototype.applyGradients,
        batchNorm: batchNorm(),
        conv: Object.getOwnPropertyDescriptor(conv2DPrototype(), 'call'),
      };
      installFastKernels(tf, 'wasm', versions(), true).restore();
      assert.deepEqual(kernels(), before.kernels);
      assert.equal(tf.getGradient('Tile'), before.tile);
      assert.equal(tf.AdamOptimizer.prototype.applyGradients, before.adam);
      assert.equal(batchNorm(), before.batchNorm);
      assert.equal(tf.getGradient('DeepLearningNotesBatchNormTraining'), undefined);
      assert.deepEqual(Object.getOwnPropertyDescriptor(conv2DPrototype(), 'call'), before.conv);
      assert.equal(tf.getGradient('FusedConv2D'), undefined);
    });
  });

  describe('on WebAssembly', () => {
    before(on('wasm'));

    it('matMul with transposes: within the reordered-sum bound of stock, across the size threshold', () => {
      let worst = 0;
      for (let i = 0; i < 120; i++) {
        const [m, k, n] = [int(0, 48), int(0, 48), int(0, 48)];
        const batch = pick([[], [2], [1], [3, 2]]);
        const [transposeA, transposeB] = [rng.int(2) === 1, rng.int(2) === 1];
        const a = randomTensor([...batch, ...(transposeA ? [k, m] : [m, k])]);
        const b = randomTensor([...pick([batch, batch.map(() => 1)]), ...(transposeB ? [n, k] : [k, n])]);
        const { fast, stock } = bothWays('wasm', () => [tf.matMul(a, b, transposeA, transposeB)]);
        if (k === 0) {
          // An empty sum: stock tfjs 4.22 on WebAssembly leaves the output as whatever the heap held; this is 0.
          assert.ok(
            fast[0]!.values.every((v) => v === 0),
            'an empty product is zeros',
          );
          assert.deepEqual(fast[0]!.shape, stock[0]!.shape);
          tf.dispose([a, b]);
          continue;
        }
        const [magnitude] = readAll(() => [tf.matMul(a.abs(), b.abs(), transposeA, transposeB)]);
        worst = Math.max(
          worst,
          assertWithinSumBound(
            fast[0]!,
            stock[0]!,
            magnitude!,
            k,
            `matMul ${JSON.stringify({ m, k, n, batch, transposeA, transposeB })}`,
          ),
        );
        tf.dispose([a, b]);
      }
      console.log(`      worst matMul error: ${(100 * worst).toFixed(1)}% of the bound`);
    });

    it('slice and split: identical to stock for ranks 1–5, float32, int32 and bool, empty and size-1 dimensions', () => {
      for (let i = 0; i < 200; i++) {
        const shape = randomShape(int(1, 5), 6);
        const x = randomTensor(shape, pick(['float32', 'int32', 'bool'] as const));
        const begin = shape.map((d) => int(0, d));
        const size = shape.map((d, j) => (rng.int(5) === 0 ? -1 : int(0, d - (begin[j] ?? 0))));
        const axis = int(0, shape.length - 1);
        const along = shape[axis] ?? 0;
        const cut = int(0, along);
        const splits = rng.int(2) === 0 ? [cut, along - cut] : 1;
        const what = JSON.stringify({ shape, dtype: x.dtype, begin, size, axis, splits });
        const { fast, stock } = bothWays('wasm', () => [tf.slice(x, begin, size), ...tf.split(x, splits, axis)]);
        assertIdentical(fast, stock, `slice/split ${what}`);
        x.dispose();
      }
    });

    it('tile: identical to stock for ranks 1–5, float32, int32 and bool, empty and size-1 dimensions', () => {
      for (let i = 0; i < 200; i++) {
        const shape = randomShape(int(1, 5), 5);
        const reps = shape.map(() => (rng.int(8) === 0 ? 0 : int(1, 4)));
        const x = randomTensor(shape, pick(['float32', 'int32', 'bool'] as const));
        const { fast, stock } = bothWays('wasm', () => [tf.tile(x, reps)]);
        assertIdentical(fast, stock, `tile ${JSON.stringify({ shape, reps, dtype: x.dtype })}`);
        x.dispose();
      }
    });

    it('conv2d gradients: within the reordered-sum bound of stock for strides, paddings, 1×1 filters and size-1 inputs', () => {
      let worst = 0;
      for (let i = 0; i < 90; i++) {
        const pad = pick(['same', 'valid', 0, 1, 2] as const);
        // tfjs 4.22 sizes a convolution with a numeric padding by the filter's height in both directions (even its
        // forward pass then writes out of bounds): numeric paddings only with square filters.
        const fh = pick([1, 2, 3, 5]);
        const fw = typeof pad === 'number' ? fh : pick([1, 2, 3]);
        const stride = pick([1, 1, 2, 3]);
        const [h, w] = [int(fh, 9), int(fw, 9)];
        // Up to 4 input channels the filter gradient is one matMul of the input patches, from 5 a conv2d: both run.
        const [batch, inC, outC] = [int(1, 3), pick([1, 2, 3, 4, 5, 8]), int(1, 5)];
        const x = randomTensor([batch, h, w, inC]);
        const filter = randomTensor([fh, fw, inC, outC]);
        const outShape = readAll(() => [tf.conv2d(x as TF.Tensor4D, filter as TF.Tensor4D, stride, pad)])[0]!.shape;
        if (outShape.some((d) => d === 0)) continue;
        const dy = randomTensor(outShape);
        const grads = (xs: TF.Tensor, f: TF.Tensor, up: TF.Tensor) =>
          tf.grads((a: TF.Tensor, b: TF.Tensor) =>
            tf
              .conv2d(a as TF.Tensor4D, b as TF.Tensor4D, stride, pad)
              .mul(up)
              .sum(),
          )([xs, f]);
        const { fast, stock } = bothWays('wasm', () => grads(x, filter, dy));
        const [dxMagnitude, dfMagnitude] = readAll(() => grads(x.abs(), filter.abs(), dy.abs()));
        const what = JSON.stringify({ x: x.shape, filter: filter.shape, stride, pad });
        const [, outH = 1, outW = 1] = outShape;
        worst = Math.max(
          worst,
          assertWithinSumBound(fast[0]!, stock[0]!, dxMagnitude!, fh * fw * outC, `dInput ${what}`),
          assertWithinSumBound(fast[1]!, stock[1]!, dfMagnitude!, batch * outH * outW, `dFilter ${what}`),
        );
        tf.dispose([x, filter, dy]);
      }
      console.log(`      worst conv2d-gradient error: ${(100 * worst).toFixed(1)}% of the bound`);
    });

    it('tf.layers.conv2d: output and every gradient identical with and without its routing; the input gradient only where needed', async () => {
      const prototype = (
        tf.serialization.SerializationMap.getMap().classNameMap.Conv2D?.[0] as unknown as { prototype: object }
      ).prototype;
      /** Runs `compute` with the fast kernels, then with them but tfjs-layers' own Conv2D call (the same conv kernels). */
      const routedAndNot = (compute: () => TF.Tensor[]) => {
        const { status, restore } = installFastKernels(tf, 'wasm', versions(), true);
        assert.ok(status.applied, status.reason);
        try {
          const routed = readAll(compute);
          const own = Object.getOwnPropertyDescriptor(prototype, 'call')!;
          delete (prototype as { call?: unknown }).call;
          try {
            return { routed, own: readAll(compute) };
          } finally {
            Object.defineProperty(prototype, 'call', own);
          }
        } finally {
          restore();
        }
      };
      for (let i = 0; i < 60; i++) {
        const padding = pick(['same', 'valid'] as const);
        const kernelSize = [pick([1, 2, 3]), pick([1, 2, 3])];
        const strides = pick([1, 1, 2]);
        const shape = [int(1, 3), int(kernelSize[0]!, 7), int(kernelSize[1]!, 7), pick([1, 2, 3, 5])];
        const options = {
          filters: int(1, 5),
          kernelSize,
          strides,
          padding,
          useBias: rng.int(3) > 0,
          // Linear is routed; other activations keep tfjs-layers' path (and must still work). Dilations have no gradient in tfjs 4.22.
          activation: pick(['linear', 'linear', 'linear', 'relu'] as const),
        };
        const x = randomTensor(shape, 'float32', rng.int(4) === 0);
        const first = tf.layers.conv2d({ ...options, inputShape: shape.slice(1) });
        const second = tf.layers.conv2d({ filters: 2, kernelSize: 1 });
        const model = tf.sequential({ layers: [first, second] });
        const out = readAll(() => [model.predict(x) as TF.Tensor])[0]!;
        if (out.shape.some((d) => d === 0)) {
          tf.dispose([x, ...model.weights.map((w) => w.read())]);
          continue;
        }
        const up = randomTensor(out.shape);
        const loss = (input: TF.Tensor) =>
          (model.apply(input, { training: true }) as TF.Tensor).mul(up).sum<TF.Scalar>();
        const compute = () => {
          const { value, grads } = tf.variableGrads(() => loss(x));
          const dx = tf.grad(loss)(x);
          return [model.predict(x) as TF.Tensor, value, dx, ...Object.values(grads)];
        };
        const before = tf.memory().numTensors;
        const { routed, own } = routedAndNot(compute);
        assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
        assertIdentical(routed, own, `conv2d layer ${JSON.stringify({ shape, ...options })}`);
        tf.dispose([x, up]);
        model.layers.forEach((layer) => layer.weights.forEach((w) => w.read().dispose()));
      }
      // A first layer's input needs no gradient: its Conv2DBackpropInput runs only when the input's gradient is asked for.
      const model = tf.sequential({
        layers: [tf.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [6, 6, 2] }), tf.layers.flatten()],
      });
      const x = randomTensor([2, 6, 6, 2]);
      const loss = (input: TF.Tensor) => (model.apply(input, { training: true }) as TF.Tensor).sum<TF.Scalar>();
      const backpropInputs = async (f: () => unknown) =>
        (await tf.profile(() => tf.tidy(() => void f()))).kernels.filter((k) => k.name === 'Conv2DBackpropInput')
          .length;
      const { status, restore } = installFastKernels(tf, 'wasm', versions(), true);
      assert.ok(status.applied, status.reason);
      try {
        assert.equal(await backpropInputs(() => tf.variableGrads(() => loss(x))), 0, 'weights only');
        assert.equal(await backpropInputs(() => tf.grad(loss)(x)), 1, "the input's gradient");
      } finally {
        restore();
      }
      assert.equal(await backpropInputs(() => tf.variableGrads(() => loss(x))), 1, 'stock tfjs computes it regardless');
      tf.dispose([x, ...model.weights.map((w) => w.read())]);
    });

    it('gather: identical to stock for axes, dtypes, repeated and empty indices; with batch dimensions, to the CPU backend', async () => {
      for (let i = 0; i < 150; i++) {
        const shape = randomShape(int(1, 4), 5, false);
        const batchDims = shape.length > 1 && rng.int(3) === 0 ? 1 : 0;
        const axis = int(batchDims, shape.length - 1);
        const indicesShape = [...shape.slice(0, batchDims), ...randomShape(int(0, 2), 4)];
        const size = indicesShape.reduce((a, b) => a * b, 1);
        const indices = tf.tensor(
          Array.from({ length: size }, () => int(0, shape[axis]! - 1)),
          indicesShape,
          'int32',
        );
        const x = randomTensor(shape, pick(['float32', 'int32', 'bool'] as const));
        const what = `gather ${JSON.stringify({ shape, axis, batchDims, indices: indicesShape })}`;
        if (batchDims === 0) {
          const { fast, stock } = bothWays('wasm', () => [tf.gather(x, indices, axis, batchDims)]);
          assertIdentical(fast, stock, what);
        } else {
          // Stock WebAssembly returns wrong numbers with batch dimensions, or even stops with "memory access out of
          // bounds" (x [5, 4], indices [5], axis 1): not run here. The CPU backend is right, and so is this.
          const fast = fastOnly('wasm', () => [tf.gather(x, indices, axis, batchDims)]);
          await tf.setBackend('cpu');
          const cpu = readAll(() => [
            tf.gather(
              tf.tensor(x.dataSync(), x.shape, x.dtype),
              tf.tensor(indices.dataSync(), indices.shape, 'int32'),
              axis,
              batchDims,
            ),
          ]);
          await tf.setBackend('wasm');
          assertIdentical(fast, cpu, `${what} (against the CPU backend)`);
        }
        tf.dispose([x, indices]);
      }
      const x = randomTensor([4, 3]);
      const outside = tf.tensor1d([1, 4], 'int32');
      const message = (compute: () => unknown) => {
        try {
          compute();
        } catch (error) {
          return (error as Error).message;
        }
        return 'no error';
      };
      const { status, restore } = installFastKernels(tf, 'wasm', versions(), true);
      assert.ok(status.applied);
      const fast = message(() => tf.gather(x, outside));
      restore();
      assert.equal(
        fast,
        message(() => tf.gather(x, outside)),
      );
      assert.equal(fast, 'GatherV2: the index value 4 is not in [0, 3]');
      tf.dispose([x, outside]);
    });

    it('the maxPool gradient: identical to stock where stock is right (ties); elsewhere to the CPU backend (padding, -Infinity)', async () => {
      const gradient = (x: TF.Tensor, weights: TF.Tensor, size: number, stride: number, pad: 'same' | 'valid') =>
        tf.grad((v: TF.Tensor) =>
          tf
            .maxPool(v as TF.Tensor4D, size, stride, pad)
            .mul(weights)
            .sum(),
        )(x);
      for (let i = 0; i < 100; i++) {
        const size = pick([1, 2, 3]);
        const stride = pick([1, 2, 3]);
        const pad = pick(['same', 'valid'] as const);
        const shape = [int(1, 2), int(size, 8), int(size, 8), int(1, 3)];
        // Stock WebAssembly's kernel is the reference where it is right: "valid" padding, windows larger than 1×1, positive
        // inputs, with ties (it takes a window's last maximum; the CPU backend its first). Elsewhere it is wrong in tfjs
        // 4.22 and the CPU backend is the reference (without ties): stock loses or misroutes gradients with "same"
        // padding, 1×1 windows, -Infinity, and windows whose largest input is 0 or negative. NaN is never a maximum.
        const againstStock = pad === 'valid' && size > 1 && rng.int(3) > 0;
        const x = tf.tidy(() => {
          if (againstStock) return randomTensor(shape, 'float32', true).abs().add(1);
          const values = randomTensor(shape);
          const special = pick([undefined, -Infinity, NaN]);
          if (special === undefined) return values;
          return tf.where(
            special === -Infinity ? values.less(-1) : values.greater(1.2),
            tf.fill(shape, special),
            values,
          );
        });
        const pooled = readAll(() => [tf.maxPool(x as TF.Tensor4D, size, stride, pad)])[0]!.shape;
        // A distinct whole-number weight per output: a gradient routed to the wrong input shows, and sums are exact.
        const weights = tf.range(1, 1 + pooled.reduce((a, b) => a * b, 1)).reshape(pooled);
        const what = `maxPool gradient ${JSON.stringify({ shape, size, stride, pad, againstStock })}`;
        const { fast, stock } = bothWays('wasm', () => [gradient(x, weights, size, stride, pad)]);
        if (againstStock) {
          assertIdentical(fast, stock, what);
        } else {
          await tf.setBackend('cpu');
          const cpu = readAll(() => [
            gradient(tf.tensor(x.dataSync(), x.shape), tf.tensor(weights.dataSync(), weights.shape), size, stride, pad),
          ]);
          await tf.setBackend('wasm');
          assertIdentical(fast, cpu, `${what} (against the CPU backend)`);
        }
        tf.dispose([x, weights]);
      }
    });

    it('direct calls: binary ops, matMul, fused matMul and transpose identical to stock (dtypes, broadcasts, size-1 and empty dimensions)', () => {
      const binary = [tf.add, tf.sub, tf.mul, tf.div, tf.maximum, tf.minimum, tf.squaredDifference, tf.pow] as const;
      const compare = [tf.equal, tf.notEqual, tf.greater, tf.greaterEqual, tf.less, tf.lessEqual] as const;
      for (let i = 0; i < 150; i++) {
        const shape = randomShape(int(0, 5), 4);
        // A broadcast partner: the same shape, trailing axes of it, or any of its axes set to 1.
        const other = pick([shape, shape.slice(int(0, shape.length)), shape.map((d) => (rng.int(2) === 0 ? 1 : d))]);
        const dtype = pick(['float32', 'int32'] as const);
        const [a, b] =
          rng.int(2) === 0
            ? [randomTensor(shape, dtype), randomTensor(other, dtype)]
            : [randomTensor(other, dtype), randomTensor(shape, dtype)];
        const [op, comparison] = [pick(binary), pick(compare)];
        const perm = a.shape.map((_, j) => j).sort(() => rng.int(3) - 1);
        const { fast, stock } = bothWays('wasm', () => [
          op(a, b),
          comparison(a, b),
          tf.logicalAnd(a.greater(0), b.less(0)),
          // Stock WebAssembly's transpose traps (divide by zero) on some empty tensors: those are left out.
          ...(a.size > 0 ? [tf.transpose(a, perm)] : []),
        ]);
        assertIdentical(
          fast,
          stock,
          `binary ops and transpose ${JSON.stringify({ a: a.shape, b: b.shape, dtype, op: op.name })}`,
        );
        tf.dispose([a, b]);
      }
      for (let i = 0; i < 100; i++) {
        // Untransposed products of any size, and transposed ones below the transposed-matMul kernel's threshold,
        // reach the backend's C function through the direct call only.
        const [m, k, n] = [int(0, 40), int(1, 40), int(0, 40)];
        const transposed = m * k * n < 2000 && rng.int(2) === 0;
        const [transposeA, transposeB] = transposed ? [rng.int(2) === 1, rng.int(2) === 1] : [false, false];
        const batch = pick([[], [1], [3], [2, 2]]);
        const a = randomTensor([...batch, ...(transposeA ? [k, m] : [m, k])]);
        const b = randomTensor([...pick([batch, batch.map(() => 1)]), ...(transposeB ? [n, k] : [k, n])]);
        const bias = randomTensor([n]);
        const [a3, b3] = [a, b].map((t) =>
          t.reshape([t.shape.slice(0, -2).reduce((p, q) => p * q, 1), ...t.shape.slice(-2)]),
        );
        if (!a3 || !b3) throw new Error('two operands');
        const activation = pick(['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const);
        const fused = b3.shape[0] === a3.shape[0] && m * n > 0;
        const { fast, stock } = bothWays('wasm', () => [
          tf.matMul(a, b, transposeA, transposeB),
          ...(fused
            ? [tf.fused.matMul({ a: a3, b: b3, transposeA, transposeB, bias, activation, leakyreluAlpha: 0.3 })]
            : []),
        ]);
        assertIdentical(
          fast,
          stock,
          `matMul ${JSON.stringify({ a: a.shape, b: b.shape, transposeA, transposeB, activation })}`,
        );
        tf.dispose([a, b, bias, a3, b3]);
      }
    });

    it('clone and same-dtype cast share memory: identical values, each outlives the other, nothing leaks', () => {
      const dataIds = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
      for (let i = 0; i < 60; i++) {
        const dtype = pick(['float32', 'int32', 'bool'] as const);
        const x = randomTensor(randomShape(int(0, 4), 5), dtype);
        const other = pick(['float32', 'int32', 'bool'] as const);
        const { fast, stock } = bothWays('wasm', () => [x.clone(), tf.cast(x, dtype), tf.cast(x, other)]);
        assertIdentical(fast, stock, `clone and cast ${JSON.stringify({ shape: x.shape, dtype, other })}`);
        x.dispose();
      }
      const { status, restore } = installFastKernels(tf, 'wasm', versions(), true);
      try {
        assert.ok(status.applied);
        const before = dataIds();
        const x = randomTensor([3, 4]);
        const values = Array.from(x.dataSync());
        const [copy, cast] = [x.clone(), tf.cast(x, 'float32')];
        x.dispose();
        assert.deepEqual(Array.from(copy.dataSync()), values, 'the clone outlives the original');
        copy.dispose();
        assert.deepEqual(Array.from(cast.dataSync()), values, 'the cast outlives both');
        cast.dispose();
        assert.equal(dataIds(), before, 'the memory is freed with the last of them');
      } finally {
        restore();
      }
    });

    /** A batch-normalization layer with the given weights, trained on x once: y, dx, dγ, dβ and the moving statistics after. */
    function batchNormTraining(
      x: TF.Tensor,
      up: TF.Tensor,
      weights: TF.Tensor[],
      options: { momentum: number; epsilon: number; axis?: number },
    ): TF.Tensor[] {
      const layer = tf.layers.batchNormalization(options);
      layer.build(x.shape);
      layer.setWeights(weights);
      try {
        const [gamma, beta] = layer.trainableWeights.map((w) => w.read());
        const train = (input: TF.Tensor) => layer.apply(input, { training: true }) as TF.Tensor;
        const grads = tf.grads((input: TF.Tensor) => train(input).mul(up).sum())([x, gamma!, beta!]);
        return [
          train(x),
          ...grads,
          ...layer
            .getWeights()
            .slice(2)
            .map((w) => w.clone()),
        ];
      } finally {
        layer.weights.forEach((w) => w.dispose());
      }
    }

    it('batch normalization in training (tf.layers): output, gradients and moving statistics identical to stock', () => {
      for (let i = 0; i < 80; i++) {
        const rank = int(2, 4);
        const channels = pick([1, 2, 3, 8, 16]);
        const shape = [...randomShape(rank - 1, 6, false), channels];
        // Ordinary inputs, a large common offset (cancellation in x − mean), constant channels (variance 0), ties.
        const kind = pick(['normal', 'offset', 'constant', 'ties'] as const);
        const x = tf.tidy(() => {
          if (kind === 'offset') return randomTensor(shape).add(1000);
          if (kind === 'constant') return tf.fill(shape, rng.normal());
          return randomTensor(shape, 'float32', kind === 'ties');
        });
        const up = randomTensor(shape);
        const weights = [
          randomTensor([channels]).add(1),
          randomTensor([channels]),
          randomTensor([channels]),
          randomTensor([channels]).abs(),
        ];
        const options = { momentum: pick([0.99, 0.9, 0.5, 0]), epsilon: pick([1e-3, 1e-5, 0.1]) };
        const before = tf.memory().numTensors;
        const { fast, stock } = bothWays('wasm', () => batchNormTraining(x, up, weights, options));
        assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
        const what = `batch norm ${JSON.stringify({ shape, kind, ...options })}`;
        assertIdentical(fast, stock, what);
        tf.dispose([x, up, ...weights]);
      }
    });

    it('batch normalization: the fused kernels run in training on the last axis; inference, other axes and other ranks keep stock tfjs', async () => {
      const kernelsOf = async (x: TF.Tensor, training: boolean, axis = -1) => {
        const layer = tf.layers.batchNormalization({ axis });
        layer.build(x.shape);
        const names = (await tf.profile(() => layer.apply(x, { training }) as TF.Tensor)).kernelNames;
        layer.weights.forEach((w) => w.dispose());
        return names;
      };
      const { status, restore } = installFastKernels(tf, 'wasm', versions(), true);
      try {
        assert.ok(status.applied);
        const fused = 'DeepLearningNotesBatchNormTraining';
        for (const shape of [
          [5, 3],
          [2, 4, 3],
          [2, 3, 3, 2],
          [1, 1],
        ])
          assert.ok(
            (await kernelsOf(tf.ones(shape), true)).includes(fused),
            `fused in training, ${JSON.stringify(shape)}`,
          );
        assert.ok(!(await kernelsOf(tf.ones([4, 3]), false)).includes(fused), 'inference keeps stock');
        assert.ok(!(await kernelsOf(tf.ones([2, 3, 4, 4]), true, 1)).includes(fused), 'axis 1 keeps stock');
      } finally {
        restore();
      }
      // Where stock tfjs throws (rank 5), so does the routed layer.
      const message = (compute: () => unknown) => {
        try {
          compute();
          return 'no error';
        } catch (error) {
          return (error as Error).message;
        }
      };
      const rank5 = () =>
        tf.tidy(() =>
          batchNormTraining(
            tf.ones([1, 2, 1, 2, 2]),
            tf.ones([1, 2, 1, 2, 2]),
            [tf.ones([2]), tf.zeros([2]), tf.zeros([2]), tf.ones([2])],
            { momentum: 0.9, epsilon: 1e-3 },
          ),
        );
      const stockMessage = message(rank5);
      const fastKernels = installFastKernels(tf, 'wasm', versions(), true);
      const fastMessage = message(rank5);
      fastKernels.restore();
      assert.equal(fastMessage, stockMessage);
      assert.match(stockMessage, /rank 5/);
    });

    it('sum over leading axes: identical to stock (ranks 1–5, keepDims, negative axes, size-1 dimensions, NaN and ±Infinity); empty, zeros', async () => {
      for (let i = 0; i < 200; i++) {
        const rank = int(1, 5);
        // Some long sums, where a different order of additions shows in the last bits.
        const shape = randomShape(rank, rank <= 3 && rng.int(3) === 0 ? 40 : 6);
        // Mostly the leading axes in order (the fast path), sometimes reversed or any axes (the backend's kernel, whose
        // order of summation follows the order of the axes given), some negative.
        const count = int(0, rank);
        const axes = (
          rng.int(4) > 0
            ? Array.from({ length: count }, (_, a) => a)
            : Array.from({ length: rank }, (_, a) => a).filter(() => rng.int(2) === 0)
        ).map((a) => (rng.int(3) === 0 ? a - rank : a));
        if (rng.int(4) === 0) axes.reverse();
        const kind = pick(['normal', 'offset', 'ties', 'special', 'int32'] as const);
        const x = tf.tidy(() => {
          if (kind === 'int32') return randomTensor(shape, 'int32');
          if (kind === 'offset') return randomTensor(shape).add(1e4);
          if (kind === 'special') {
            const values = randomTensor(shape);
            const special = pick([NaN, Infinity, -Infinity]);
            return tf.where(values.greater(1.2), tf.fill(shape, special), values);
          }
          return randomTensor(shape, 'float32', kind === 'ties');
        });
        const keepDims = rng.int(2) === 0;
        const what = `sum ${JSON.stringify({ shape, axes, keepDims, kind })}`;
        const sum = (t: TF.Tensor) => [tf.sum(t, axes.length > 0 ? axes : undefined, keepDims)];
        if (x.size > 0) {
          const { fast, stock } = bothWays('wasm', () => sum(x));
          assertIdentical(fast, stock, what);
        } else {
          // An empty sum: stock WebAssembly returns whatever its heap held, or stops ("divide by zero" in its
          // transpose); the CPU backend's zeros are right.
          const fast = fastOnly('wasm', () => sum(x));
          await tf.setBackend('cpu');
          const cpu = readAll(() => sum(tf.zeros(x.shape, x.dtype)));
          await tf.setBackend('wasm');
          assertIdentical(fast, cpu, `${what} (against the CPU backend)`);
        }
        x.dispose();
      }
      // Long sums over leading axes given in another order: the order of additions shows.
      for (const [shape, axes] of [
        [
          [40, 40, 2],
          [1, 0],
        ],
        [
          [6, 6, 6, 6, 3],
          [3, 2, 1, 0],
        ],
        [
          [30, 20, 4],
          [-2, 0],
        ],
      ] as const) {
        const x = tf.tidy(() => randomTensor([...shape]).add(1e4));
        const { fast, stock } = bothWays('wasm', () => [tf.sum(x, [...axes])]);
        assertIdentical(fast, stock, `sum ${JSON.stringify({ shape, axes })}`);
        x.dispose();
      }
    });

    it('the segment sum (gradient of gather): identical to stock, with repeated and unused ids', () => {
      for (let i = 0; i < 80; i++) {
        const rows = int(1, 10);
        const table = randomTensor([rows, ...randomShape(int(0, 2), 5, false)]);
        const ids = tf.tensor1d(
          Array.from({ length: int(0, 30) }, () => int(0, rows - 1)),
          'int32',
        );
        const up = randomTensor([ids.shape[0], ...table.shape.slice(1)]);
        const segments = rows + int(0, 2);
        const { fast, stock } = bothWays('wasm', () => [
          tf.grad((t: TF.Tensor) => tf.gather(t, ids).mul(up).sum())(table),
          tf.unsortedSegmentSum(up, ids, segments),
        ]);
        assertIdentical(fast, stock, `segment sum ${JSON.stringify({ table: table.shape, ids: ids.shape })}`);
        tf.dispose([table, ids, up]);
      }
    });
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    describe(`the tile gradient, the Adam update and the saved tensors (${backend})`, () => {
      before(on(backend));

      it('tf.train.adam: weights, moments and iterations bit-identical to stock over many steps and hyperparameters', async () => {
        for (let i = 0; i < 12; i++) {
          const shapes = [randomShape(2, 6, false), [int(1, 5)], [], [1, 1]];
          const [lr, beta1, beta2, epsilon] = [
            pick([0.1, 0.01, 0.003]),
            pick([0.9, 0.8, 0.5]),
            pick([0.999, 0.9]),
            pick([1e-7, 1e-3]),
          ];
          const start = shapes.map((s) => randomTensor(s));
          const data = randomTensor([4, 6]);
          const train = async () => {
            const variables = start.map((t) => tf.variable(t.clone()));
            const optimizer = tf.train.adam(lr, beta1, beta2, epsilon);
            for (let step = 0; step < 25; step++)
              tf.dispose(
                optimizer.minimize(
                  () => variables.reduce((sum, v) => sum.add(v.square().mul(data.mean()).sum().sin()), tf.scalar(0)),
                  true,
                  // The last variable gets no gradient and must stay as it was.
                  variables.slice(0, -1),
                ) ?? [],
              );
            const weights = await optimizer.getWeights();
            const result = [...variables, ...weights.map((w) => w.tensor)].map(read);
            return {
              result,
              iterations: optimizer.iterations,
              names: weights.map((w) => w.name.replace(/\d+/g, '#')),
              dispose: () => (tf.dispose(variables), optimizer.dispose()),
            };
          };
          const { status, restore } = installFastKernels(tf, backend, versions(), true);
          assert.ok(status.applied);
          const fast = await train();
          restore();
          const stock = await train();
          assertIdentical(fast.result, stock.result, `adam ${JSON.stringify({ shapes, lr, beta1, beta2, epsilon })}`);
          assert.deepEqual([fast.iterations, fast.names], [stock.iterations, stock.names]);
          fast.dispose();
          stock.dispose();
          tf.dispose([...start, data]);
        }
      });

      it('the tile gradient: within the reordered-sum bound of stock (ranks 1–4); ranks above 4 work too', () => {
        let worst = 0;
        for (let i = 0; i < 120; i++) {
          const shape = randomShape(int(1, 4), 5);
          const reps = shape.map(() => int(1, 4));
          const [x, dy] = [randomTensor(shape), randomTensor(shape.map((d, j) => d * reps[j]!))];
          const gradient = (upstream: TF.Tensor) => tf.grad((v: TF.Tensor) => tf.tile(v, reps).mul(upstream).sum())(x);
          const { fast, stock } = bothWays(backend, () => [gradient(dy)]);
          const [magnitude] = readAll(() => [gradient(dy.abs())]);
          const terms = reps.reduce((a, b) => a * b, 1);
          worst = Math.max(
            worst,
            assertWithinSumBound(
              fast[0]!,
              stock[0]!,
              magnitude!,
              terms,
              `tile gradient ${JSON.stringify({ shape, reps })}`,
            ),
          );
          tf.dispose([x, dy]);
        }
        console.log(`      worst tile-gradient error (${backend}): ${(100 * worst).toFixed(1)}% of the bound`);
        // Rank 5, where tfjs's own gradient throws: against the sum written out.
        const x = randomTensor([2, 1, 3, 1, 2]);
        const { status, restore } = installFastKernels(tf, backend, versions(), true);
        try {
          assert.ok(status.applied);
          const reps = [2, 3, 1, 2, 1];
          const [got, want] = readAll(() => [
            tf.grad((v: TF.Tensor) => tf.tile(v, reps).square().sum())(x),
            x.mul(2 * reps.reduce((a, b) => a * b, 1)),
          ]);
          got!.values.forEach((v, j) => assert.ok(Math.abs(v - want!.values[j]!) < 1e-5, `rank 5 [${j}]: ${v}`));
        } finally {
          restore();
          x.dispose();
        }
      });

      it('gradients (first and second order) identical to stock with saved tensors shared, and nothing leaks', () => {
        for (let i = 0; i < 40; i++) {
          const x = randomTensor(randomShape(int(1, 3), 5, false));
          // Ops that save their inputs: tfjs cannot differentiate twice through ops that save their outputs.
          const f = (v: TF.Tensor) => v.square().mul(v).add(tf.sin(v).mul(v)).sum();
          const before = tf.memory().numTensors;
          const { fast, stock } = bothWays(backend, () => [
            tf.grad(f)(x),
            tf.grad((v: TF.Tensor) => tf.grad(f)(v).sum())(x),
          ]);
          assertIdentical(fast, stock, `gradients ${JSON.stringify(x.shape)}`);
          assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
          x.dispose();
        }
      });
    });
  }
});
