// The sandbox with real child processes and real TensorFlow.js training.
import * as assert from 'node:assert';
import { join } from 'node:path';
import { type LossPoint, type RunRequest, type RunResult } from '../../../src/sandbox/protocol';
import { type SandboxLimits, SandboxRun } from '../../../src/sandbox/runner';
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

async function run(
  code: string,
  options: Partial<RunRequest> = {},
  limits: Partial<SandboxLimits> = {},
  stopAfterMs?: number,
): Promise<Outcome> {
  const points: LossPoint[] = [];
  const logs: string[] = [];
  const sandbox = new SandboxRun(
    worker,
    { type: 'run', code, filename: 'program.js', language: 'javascript', backend: 'wasm', searchPaths: [], ...options },
    { timeoutMs: 60_000, maxMemoryMB: 1024, ...limits },
    { onPoints: (p) => points.push(...p), onLog: (_level, text) => logs.push(text) },
  );
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
    assert.deepStrictEqual(
      points.map((p) => p.step),
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
    assert.ok(points[149]!.loss < points[0]!.loss / 10, `${points[0]!.loss} → ${points[149]!.loss}`);
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
      assert.deepStrictEqual(
        result.fallbacks.map((f) => f.backend),
        ['tensorflow'],
      );
      assert.match(result.fallbacks[0]!.error, /@tensorflow\/tfjs-node is not installed/);
    }
  });

  it('honours an explicit tfjs-node request: native speed, or a clear error when it is missing', async () => {
    const { result } = await run(regression, { backend: 'tensorflow', steps: 5 });
    if (tfjsNodeInstalled()) {
      assert.strictEqual(result.backend, 'tensorflow');
    } else {
      assert.strictEqual(result.status, 'error');
      assert.match(
        result.summary,
        /no TensorFlow\.js backend could be loaded: tensorflow: @tensorflow\/tfjs-node is not installed/,
      );
    }
  });

  it('kills an endless loop at the time limit', async () => {
    const { result } = await run('let i = 0;\nwhile (true) { i++; }\n', {}, { timeoutMs: 1500 });
    assert.strictEqual(result.status, 'timeout');
    assert.match(result.summary, /time limit/);
  });

  it('stops a memory hog at the cap (JavaScript heap)', async () => {
    const { result } = await run(
      'const hoard = [];\nwhile (true) hoard.push(new Array(100000).fill(Math.random()));\n',
      {},
      { maxMemoryMB: 300 },
    );
    assert.strictEqual(result.status, 'memory', result.summary);
  });

  it('stops a memory hog at the cap (tensors outside the heap)', async () => {
    const { result } = await run(
      'const hoard = [];\nwhile (true) hoard.push(tf.zeros([1000, 1000]));\n',
      {},
      { maxMemoryMB: 400 },
    );
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
    assert.match(result.error.message, /matMul/);
  });

  it('maps errors in TypeScript back to the TypeScript line', async () => {
    const code =
      'interface Shape { rows: number }\nconst shape: Shape = { rows: 2 };\n\ntype T = number;\nconst t = tf.ones([shape.rows]);\nundefinedFunction(t as unknown as T);\n';
    const { result } = await run(code, { language: 'typescript', filename: 'program.ts' });
    assert.strictEqual(result.status, 'error');
    assert.strictEqual(result.error?.line, 6);
  });

  it('stops at a NaN loss and says where it diverged', async () => {
    const { result, points } = await run('for (let i = 1; i <= 100; i++) report(i < 40 ? 1 / i : NaN, "train");\n');
    assert.strictEqual(result.status, 'diverged');
    assert.deepStrictEqual(
      [result.diverged?.series, result.diverged?.step, Number.isNaN(result.diverged?.value)],
      ['train', 40, true],
    );
    assert.strictEqual(points.length, 39);
  });

  it('stops on request (the Stop button)', async () => {
    const { result, points } = await run(
      'for (let i = 0; ; i++) { report(1 / (i + 1)); await new Promise((r) => setTimeout(r, 1)); }\n',
      {},
      {},
      1500,
    );
    assert.strictEqual(result.status, 'stopped');
    assert.ok(points.length > 10, 'points arrived before the stop');
  });

  it('exposes only tf and the sandbox helpers: no process, no require of other modules, no eval', async () => {
    const { result, logs } = await run(
      'console.log(typeof process, typeof fetch, typeof globalThis.require);\nrequire("fs");\n',
    );
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
// Large enough for the explicit-transpose path (tiny products keep the backend's own kernel).
const p = tf.randomNormal([2, 40, 30], 0, 1, 'float32', 5), q = tf.randomNormal([2, 50, 30], 0, 1, 'float32', 6);
const r = tf.randomNormal([2, 20, 50], 0, 1, 'float32', 7);
const diff = (x, y) => x.sub(y).abs().max().dataSync()[0];
const before = tf.memory().numTensors;
const { diffs, gradShapes } = tf.tidy(() => ({
  diffs: [
    diff(tf.matMul(a, b, false, true), tf.matMul(a, b.transpose([0, 2, 1]))),
    diff(tf.matMul(a, a, true, false), tf.matMul(a.transpose([0, 2, 1]), a)),
    diff(tf.matMul(c, e, true, true), tf.matMul(c.transpose(), e.transpose())),
    diff(tf.matMul(p, q, false, true), tf.matMul(p, q.transpose([0, 2, 1]))),
    diff(tf.matMul(p, p, true, false), tf.matMul(p.transpose([0, 2, 1]), p)),
    diff(tf.matMul(q, r, true, true), tf.matMul(q.transpose([0, 2, 1]), r.transpose([0, 2, 1]))),
  ],
  gradShapes: tf.grads((p, q) => tf.matMul(p, q).square().sum())([c, e]).map((g) => g.shape),
}));
console.log(JSON.stringify({ diffs, gradShapes, leaked: tf.memory().numTensors - before }));
`;
    const { result, logs } = await run(code);
    assert.strictEqual(result.status, 'completed', result.summary);
    const { diffs, gradShapes, leaked } = JSON.parse(logs[0]!);
    assert.deepStrictEqual(diffs, [0, 0, 0, 0, 0, 0]);
    assert.deepStrictEqual(gradShapes, [
      [4, 7],
      [7, 4],
    ]);
    assert.strictEqual(leaked, 0);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`updates like Adam written out in tf ops with tf.train.adam's one-kernel update (${backend}), without leaks`, async () => {
      const code = `
const start = [tf.randomNormal([5, 3], 0, 1, 'float32', 1), tf.randomNormal([3], 0, 1, 'float32', 2), tf.randomNormal([2], 0, 1, 'float32', 4)];
const x = tf.randomNormal([8, 5], 0, 1, 'float32', 3);
const loss = (w, b) => tf.matMul(x, w).add(b).tanh().square().mean();
// The reference: Kingma & Ba's update, one op at a time.
const reference = start.map((t) => t.clone());
const m = reference.map((t) => tf.zerosLike(t)), v = reference.map((t) => tf.zerosLike(t));
const [lr, b1, b2, eps] = [0.05, 0.8, 0.9, 1e-7];
for (let t = 1; t <= 20; t++) {
  const g = tf.grads(loss)(reference.slice(0, 2));
  for (let i = 0; i < 2; i++) {
    [m[i], v[i], reference[i]] = tf.tidy(() => {
      const mi = m[i].mul(b1).add(g[i].mul(1 - b1)), vi = v[i].mul(b2).add(g[i].square().mul(1 - b2));
      const step = mi.div(1 - b1 ** t).div(vi.div(1 - b2 ** t).sqrt().add(eps)).mul(lr);
      return [mi, vi, reference[i].sub(step)];
    });
  }
  tf.dispose(g);
}
// The sandbox's tf.train.adam; the third variable gets no gradient and must stay as it was.
const variables = start.map((t) => tf.variable(t));
const optimizer = tf.train.adam(lr, b1, b2, eps);
const train = () => tf.dispose(optimizer.minimize(() => loss(variables[0], variables[1]), true, variables.slice(0, 2)));
train(); // creates the moment variables
const before = tf.memory().numTensors;
for (let t = 2; t <= 20; t++) train();
const leaked = tf.memory().numTensors - before;
const diff = (a, b) => a.sub(b).abs().max().dataSync()[0];
const weights = await optimizer.getWeights();
console.log(JSON.stringify({
  diffs: [diff(variables[0], reference[0]), diff(variables[1], reference[1]), diff(variables[2], start[2])],
  moved: diff(variables[0], start[0]),
  leaked, iterations: optimizer.iterations, weightNames: weights.map((w) => w.name.replace(/\\d+/g, '#')),
}));
`;
      const { result, logs } = await run(code, { backend });
      assert.strictEqual(result.status, 'completed', result.summary);
      const { diffs, moved, leaked, iterations, weightNames } = JSON.parse(logs[0]!);
      assert.ok(moved > 0.1, `the weights moved by ${moved}`);
      diffs.forEach((d: number, i: number) => assert.ok(d < 1e-5, `variable ${i}: differs by ${d}`));
      assert.strictEqual(leaked, 0);
      assert.strictEqual(iterations, 20);
      assert.strictEqual(weightNames.length, 5); // iterations, then m and v of the two trained variables
    });
  }

  it('keeps first- and second-order gradients right, and frees what the backward pass saved (tensors shared, not copied)', async () => {
    const code = `
const x = tf.scalar(1.5), v = tf.tensor1d([0.5, -1, 2]);
// Second order through ops that save their inputs (tfjs cannot differentiate twice through ops that save outputs).
const f = (x) => x.mul(x).mul(x).add(x.mul(tf.sin(x)));            // f' = 3x² + sin x + x cos x, f'' = 6x + 2 cos x − x sin x
const g = (v) => tf.sigmoid(v).mul(v).sum();                      // g' = σ(v)(1 + v(1 − σ(v)))
const first = tf.grad(f)(x).dataSync()[0];
const second = tf.grad(tf.grad(f))(x).dataSync()[0];
const vector = Array.from(tf.grad(g)(v).dataSync());
const w = tf.variable(tf.randomNormal([16, 8], 0, 1, 'float32', 1)), data = tf.randomNormal([32, 16], 0, 1, 'float32', 2);
const optimizer = tf.train.sgd(0.01);
const step = () => tf.dispose(optimizer.minimize(() => tf.tanh(data.matMul(w)).square().mean(), true));
step();
const before = tf.memory();
for (let i = 0; i < 20; i++) step();
const after = tf.memory();
console.log(JSON.stringify({ first, second, vector, tensors: after.numTensors - before.numTensors, bytes: after.numBytes - before.numBytes }));
`;
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    for (const backend of ['wasm', 'cpu'] as const) {
      const { result, logs } = await run(code, { backend });
      assert.strictEqual(result.status, 'completed', result.summary);
      const { first, second, vector, tensors, bytes } = JSON.parse(logs[0]!);
      const x = 1.5;
      const close = (got: number, want: number, what: string) =>
        assert.ok(Math.abs(got - want) < 1e-4 * Math.max(1, Math.abs(want)), `${backend} ${what}: ${got} vs ${want}`);
      close(first, 3 * x * x + Math.sin(x) + x * Math.cos(x), "f'");
      close(second, 6 * x + 2 * Math.cos(x) - x * Math.sin(x), "f''");
      [0.5, -1, 2].forEach((v, i) => close(vector[i], sigmoid(v) * (1 + v * (1 - sigmoid(v))), `g'[${i}]`));
      assert.deepStrictEqual(
        { tensors, bytes },
        { tensors: 0, bytes: 0 },
        `${backend}: nothing left behind by 20 training steps`,
      );
    }
  });

  it('slices and splits on WebAssembly exactly as the CPU backend does (ranks 1–4, int32 and bool, empty slices)', async () => {
    const code = `
const f = tf.range(0, 2 * 3 * 4 * 5).reshape([2, 3, 4, 5]);
const tensors = { f, i: f.toInt(), b: f.mod(3).equal(0), v: tf.range(0, 7), m: tf.range(0, 24).reshape([6, 4]) };
const out = [];
for (const [name, begin, size] of [
  ['v', [2], [3]], ['v', 0, -1], ['m', [1, 0], [3, -1]], ['m', [0, 1], [-1, 2]], ['m', 2, 2], ['m', [5, 3], [1, 1]], ['m', [3, 0], [0, 4]],
  ['f', [1, 0, 0, 0], [1, -1, -1, -1]], ['f', [0, 1, 2, 0], [2, 2, 2, 5]], ['f', [1, 2, 1, 3], [1, 1, 3, 2]], ['f', [0, 0, 0, 4], [-1, -1, -1, 1]],
  ['i', [0, 1, 0, 1], [2, 2, 4, 3]], ['b', [1, 0, 2, 0], [1, 3, 2, 5]],
]) {
  const s = tf.slice(tensors[name], begin, size);
  out.push([name, s.shape, Array.from(s.dataSync())]);
}
for (const [name, parts, axis] of [['m', 3, 0], ['m', [1, 3], 1], ['f', [2, 1, 1], 2], ['f', 5, -1], ['b', 3, 1]]) {
  out.push(tf.split(tensors[name], parts, axis).map((s) => [s.shape, Array.from(s.dataSync())]));
}
console.log(JSON.stringify(out));
`;
    const wasm = await run(code, { backend: 'wasm' });
    const cpu = await run(code, { backend: 'cpu' });
    assert.strictEqual(wasm.result.status, 'completed', wasm.result.summary);
    assert.strictEqual(cpu.result.status, 'completed', cpu.result.summary);
    const [onWasm, onCpu] = [JSON.parse(wasm.logs[0]!), JSON.parse(cpu.logs[0]!)];
    assert.strictEqual(onWasm.length, 18);
    onWasm.forEach((entry: unknown, i: number) => assert.deepStrictEqual(entry, onCpu[i], `case ${i}`));
  });

  it('computes conv2d and maxPool gradients on WebAssembly exactly as the CPU backend does, for strides, paddings and ties', async () => {
    const code = `
const cases = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], stride: 1, pad: 'valid' },
  { x: [2, 8, 9, 2], filter: [3, 2, 2, 5], stride: 2, pad: 'same' },
  { x: [1, 9, 9, 1], filter: [5, 5, 1, 2], stride: 3, pad: 'valid' },
  { x: [3, 6, 6, 2], filter: [1, 1, 2, 3], stride: 1, pad: 2 },
];
const pools = [{ size: 2, stride: 2, pad: 'valid' }, { size: 3, stride: 1, pad: 'same' }, { size: 3, stride: 2, pad: 'same' }];
const out = [];
cases.forEach((c, i) => {
  const x = tf.randomNormal(c.x, 0, 1, 'float32', i + 1), filter = tf.randomNormal(c.filter, 0, 1, 'float32', i + 11);
  const [dx, dFilter] = tf.grads((x, f) => tf.conv2d(x, f, c.stride, c.pad).square().sum())([x, filter]);
  out.push({ case: i, dx: Array.from(dx.dataSync()), dFilter: Array.from(dFilter.dataSync()) });
});
pools.forEach((p, i) => {
  // Rounded values: many ties inside the windows.
  const x = tf.randomNormal([2, 7, 7, 3], 0, 1, 'float32', 40 + i).mul(2).round();
  // A distinct weight per output: a gradient routed to the wrong input shows.
  const shape = tf.maxPool(x, p.size, p.stride, p.pad).shape;
  const weights = tf.range(1, 1 + shape.reduce((a, b) => a * b)).reshape(shape);
  const dx = tf.grad((x) => tf.maxPool(x, p.size, p.stride, p.pad).mul(weights).sum())(x);
  out.push({ pool: i, dx: Array.from(dx.dataSync()) });
});
console.log(JSON.stringify(out));
`;
    const wasm = await run(code, { backend: 'wasm' });
    const cpu = await run(code, { backend: 'cpu' });
    assert.strictEqual(wasm.result.status, 'completed', wasm.result.summary);
    assert.strictEqual(cpu.result.status, 'completed', cpu.result.summary);
    const [onWasm, onCpu] = [JSON.parse(wasm.logs[0]!), JSON.parse(cpu.logs[0]!)];
    assert.strictEqual(onWasm.length, 8);
    onWasm.forEach((entry: Record<string, number[] | number>, i: number) => {
      for (const key of ['dx', 'dFilter'].filter((k) => k in entry)) {
        const [got, want] = [entry[key] as number[], onCpu[i][key] as number[]];
        assert.strictEqual(got.length, want.length);
        const scale = Math.max(...want.map(Math.abs));
        got.forEach((g, j) =>
          assert.ok(
            Math.abs(g - want[j]!) <= 1e-5 * scale,
            `${JSON.stringify({ ...entry, dx: undefined, dFilter: undefined })} ${key}[${j}]: ${g} vs ${want[j]}`,
          ),
        );
      }
    });
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
    wasm.points.forEach((point, i) =>
      assert.ok(
        Math.abs(point.loss - cpu.points[i]!.loss) < 1e-4 * Math.abs(cpu.points[i]!.loss),
        `step ${i + 1}: ${point.loss} vs ${cpu.points[i]!.loss}`,
      ),
    );
    assert.ok(wasm.points[4]!.loss < wasm.points[0]!.loss);
  });
});
