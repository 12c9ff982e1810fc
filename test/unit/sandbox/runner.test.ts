// The sandbox with real child processes and real TensorFlow.js training.
import * as assert from 'node:assert';
import { join } from 'node:path';
import { LossPoint, RunRequest, RunResult } from '../../../src/sandbox/protocol';
import { SandboxLimits, SandboxRun } from '../../../src/sandbox/runner';
import { projectRoot } from '../helpers';

const worker = join(projectRoot, 'dist', 'sandbox-worker.js');

/** tfjs-node is an optional dependency: present for users with internet, absent on offline machines. */
function tfjsNodeInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node', { paths: [projectRoot] });
    return true;
  } catch {
    return false;
  }
}

interface Outcome {
  result: RunResult;
  points: LossPoint[];
  logs: string[];
}

async function run(code: string, options: Partial<RunRequest> = {}, limits: Partial<SandboxLimits> = {}, stopAfterMs?: number): Promise<Outcome> {
  const points: LossPoint[] = [];
  const logs: string[] = [];
  const sandbox = new SandboxRun(worker, { type: 'run', code, filename: 'program.js', language: 'javascript', backend: 'wasm', searchPaths: [], ...options },
    { timeoutMs: 60_000, maxMemoryMB: 1024, ...limits },
    { onPoints: (p) => points.push(...p), onLog: (_level, text) => logs.push(text) });
  if (stopAfterMs !== undefined) setTimeout(() => sandbox.stop(), stopAfterMs);
  return { result: await sandbox.done, points, logs };
}

const regression = `
const { x, y } = data.regression({ n: 256, features: 8, seed: 2 });
const w = tf.variable(tf.zeros([8, 1]));
const optimizer = tf.train.adam(0.05);
for (let step = 0; step < (STEPS ?? 100); step++) {
  const loss = optimizer.minimize(() => x.matMul(w).sub(y).square().mean(), true);
  report(loss);
  loss.dispose();
}
console.log('trained on', BACKEND);
`;

describe('sandbox (real processes, real tfjs)', () => {
  it('trains: the loss goes down, points stream in order, and the backend is reported', async () => {
    const { result, points, logs } = await run(regression, { steps: 150 });
    assert.strictEqual(result.status, 'completed', result.summary);
    assert.strictEqual(result.backend, 'wasm');
    assert.strictEqual(points.length, 150);
    assert.deepStrictEqual(points.map((p) => p.step), Array.from({ length: 150 }, (_, i) => i + 1));
    assert.ok(points[149].loss < points[0].loss / 10, `${points[0].loss} → ${points[149].loss}`);
    assert.deepStrictEqual(logs, ['trained on wasm']);
    assert.match(result.summary, /Finished 150 steps .* on WebAssembly; final loss: loss /);
    assert.ok(result.firstPointMs! > 0 && result.firstPointMs! <= result.ms);
  });

  it('runs on the CPU backend when asked', async () => {
    const { result } = await run(regression, { backend: 'cpu', steps: 20 });
    assert.strictEqual(result.backend, 'cpu');
    assert.strictEqual(result.status, 'completed', result.summary);
  });

  it('uses tfjs-node when it loads; otherwise falls back to WebAssembly and says why', async () => {
    const { result } = await run(regression, { backend: 'auto', steps: 5 });
    assert.strictEqual(result.status, 'completed', result.summary);
    if (tfjsNodeInstalled()) {
      assert.deepStrictEqual([result.backend, result.fallbacks], ['tensorflow', []]);
    } else {
      assert.strictEqual(result.backend, 'wasm');
      assert.deepStrictEqual(result.fallbacks.map((f) => f.backend), ['tensorflow']);
      assert.match(result.fallbacks[0].error, /@tensorflow\/tfjs-node is not installed/);
    }
  });

  it('honours an explicit tfjs-node request: native speed, or a clear error when it is missing', async () => {
    const { result } = await run(regression, { backend: 'tensorflow', steps: 5 });
    if (tfjsNodeInstalled()) {
      assert.strictEqual(result.backend, 'tensorflow');
    } else {
      assert.strictEqual(result.status, 'error');
      assert.match(result.summary, /no TensorFlow\.js backend could be loaded: tensorflow: @tensorflow\/tfjs-node is not installed/);
    }
  });

  it('kills an endless loop at the time limit', async () => {
    const { result } = await run('let i = 0;\nwhile (true) { i++; }\n', {}, { timeoutMs: 1500 });
    assert.strictEqual(result.status, 'timeout');
    assert.match(result.summary, /time limit/);
  });

  it('stops a memory hog at the cap (JavaScript heap)', async () => {
    const { result } = await run('const hoard = [];\nwhile (true) hoard.push(new Array(100000).fill(Math.random()));\n', {}, { maxMemoryMB: 300 });
    assert.strictEqual(result.status, 'memory', result.summary);
  });

  it('stops a memory hog at the cap (tensors outside the heap)', async () => {
    const { result } = await run('const hoard = [];\nwhile (true) hoard.push(tf.zeros([1000, 1000]));\n', {}, { maxMemoryMB: 400 });
    assert.strictEqual(result.status, 'memory', result.summary);
  });

  it('reports a syntax error with its line and column', async () => {
    const { result } = await run('const a = 1;\nconst b = a +;\n');
    assert.strictEqual(result.status, 'error');
    assert.strictEqual(result.error?.kind, 'syntax');
    assert.deepStrictEqual([result.error?.line, result.error?.column], [2, 14]);
  });

  it('reports a runtime error on the line of the program that caused it, even deep inside tf', async () => {
    const { result } = await run('const a = tf.ones([2, 3]);\nconst b = tf.ones([4, 5]);\n\nconst c = a.matMul(b);\n');
    assert.strictEqual(result.status, 'error');
    assert.strictEqual(result.error?.line, 4);
    assert.match(result.error!.message, /matMul/);
  });

  it('maps errors in TypeScript back to the TypeScript line', async () => {
    const code = 'interface Shape { rows: number }\nconst shape: Shape = { rows: 2 };\n\ntype T = number;\nconst t = tf.ones([shape.rows]);\nundefinedFunction(t as unknown as T);\n';
    const { result } = await run(code, { language: 'typescript', filename: 'program.ts' });
    assert.strictEqual(result.status, 'error');
    assert.strictEqual(result.error?.line, 6);
  });

  it('stops at a NaN loss and says where it diverged', async () => {
    const { result, points } = await run('for (let i = 1; i <= 100; i++) report(i < 40 ? 1 / i : NaN, "train");\n');
    assert.strictEqual(result.status, 'diverged');
    assert.deepStrictEqual([result.diverged?.series, result.diverged?.step, Number.isNaN(result.diverged?.value)], ['train', 40, true]);
    assert.strictEqual(points.length, 39);
  });

  it('stops on request (the Stop button)', async () => {
    const { result, points } = await run('for (let i = 0; ; i++) { report(1 / (i + 1)); await new Promise((r) => setTimeout(r, 1)); }\n', {}, {}, 1500);
    assert.strictEqual(result.status, 'stopped');
    assert.ok(points.length > 10, 'points arrived before the stop');
  });

  it('exposes only tf and the sandbox helpers: no process, no require of other modules, no eval', async () => {
    const { result, logs } = await run('console.log(typeof process, typeof fetch, typeof globalThis.require);\nrequire("fs");\n');
    assert.deepStrictEqual(logs, ['undefined undefined function']);
    assert.strictEqual(result.error?.line, 2);
    assert.match(result.summary, /provides only @tensorflow\/tfjs; "fs" is not available/);
    const evaluated = await run('eval("1 + 1");\n');
    assert.match(evaluated.result.summary, /Code generation from strings disallowed/);
  });

  it('lets a program import tfjs like a normal script, and reports model.fit through lossCallback', async () => {
    const code = `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [8] })] });
model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
const { x, y } = data.regression({ n: 128 });
await model.fit(x, y, { epochs: 3, batchSize: 32, validationSplit: 0.25, callbacks: [lossCallback('fit')] });
`;
    const { result, points } = await run(code);
    assert.strictEqual(result.status, 'completed', result.summary);
    assert.deepStrictEqual([...new Set(points.map((p) => p.series))], ['fit', 'fit (validation)']);
    assert.strictEqual(points.filter((p) => p.series === 'fit').length, 9);
  });

  it('computes transposed products exactly like explicit transposes on WebAssembly (the fast path), without leaks', async () => {
    const code = `
const a = tf.randomNormal([3, 5, 4], 0, 1, 'float32', 1), b = tf.randomNormal([3, 6, 4], 0, 1, 'float32', 2);
const c = tf.randomNormal([4, 7], 0, 1, 'float32', 3), e = tf.randomNormal([7, 4], 0, 1, 'float32', 4);
const diff = (x, y) => x.sub(y).abs().max().dataSync()[0];
const before = tf.memory().numTensors;
const { diffs, gradShapes } = tf.tidy(() => ({
  diffs: [
    diff(tf.matMul(a, b, false, true), tf.matMul(a, b.transpose([0, 2, 1]))),
    diff(tf.matMul(a, a, true, false), tf.matMul(a.transpose([0, 2, 1]), a)),
    diff(tf.matMul(c, e, true, true), tf.matMul(c.transpose(), e.transpose())),
  ],
  gradShapes: tf.grads((p, q) => tf.matMul(p, q).square().sum())([c, e]).map((g) => g.shape),
}));
console.log(JSON.stringify({ diffs, gradShapes, leaked: tf.memory().numTensors - before }));
`;
    const { result, logs } = await run(code);
    assert.strictEqual(result.status, 'completed', result.summary);
    const { diffs, gradShapes, leaked } = JSON.parse(logs[0]);
    assert.deepStrictEqual(diffs, [0, 0, 0]);
    assert.deepStrictEqual(gradShapes, [[4, 7], [7, 4]]);
    assert.strictEqual(leaked, 0);
  });

  it('trains what needs kernels WebAssembly lacks (conv2d and gather gradients), matching the CPU backend', async () => {
    const code = `
const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 1);
const filter = tf.variable(tf.randomNormal([3, 3, 1, 2], 0, 1, 'float32', 2));
const table = tf.variable(tf.randomNormal([10, 4], 0, 1, 'float32', 3));
const ids = tf.tensor1d([1, 3, 3, 7], 'int32');
const optimizer = tf.train.sgd(0.05);
for (let step = 0; step < 5; step++) {
  const loss = optimizer.minimize(() => tf.conv2d(x, filter, 1, 'same').square().mean().add(tf.gather(table, ids).square().mean()), true);
  report(loss);
  loss.dispose();
}
`;
    const wasm = await run(code, { backend: 'wasm' });
    const cpu = await run(code, { backend: 'cpu' });
    assert.strictEqual(wasm.result.status, 'completed', wasm.result.summary);
    assert.strictEqual(cpu.result.status, 'completed', cpu.result.summary);
    assert.strictEqual(wasm.points.length, 5);
    wasm.points.forEach((point, i) => assert.ok(Math.abs(point.loss - cpu.points[i].loss) < 1e-4 * Math.abs(cpu.points[i].loss), `step ${i + 1}: ${point.loss} vs ${cpu.points[i].loss}`));
    assert.ok(wasm.points[4].loss < wasm.points[0].loss);
  });
});
