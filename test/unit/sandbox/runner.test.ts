// The sandbox with real child processes and real TensorFlow.js training.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LossPoint, type RunRequest, type RunResult } from '../../../src/sandbox/protocol';
import { headerLines } from '../../../src/sandbox/runHeader';
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

/** The program both sandboxes are tested with. */
const regression = readFileSync(join(projectRoot, 'test/fixtures/regression.js'), 'utf8');

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

  it('reports a TypeScript syntax error with its line and column (transpiled in a process of its own)', async () => {
    const { result } = await run('const a: number = 1;\n\nlet b: string = a +;\n', {
      language: 'typescript',
      filename: 'p.ts',
    });
    assert.strictEqual(result.status, 'error');
    assert.strictEqual(result.error?.kind, 'syntax');
    assert.deepStrictEqual([result.error?.line, result.error?.column], [3, 20]);
  });

  it('treats a SyntaxError the program throws while it runs (JSON.parse) as a runtime error at its line', async () => {
    const { result } = await run('report(1);\nJSON.parse("{");\n');
    assert.deepStrictEqual([result.error?.kind, result.error?.line], ['runtime', 2]);
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

  it("gives the program tf and the sandbox's helpers as globals; other modules and eval are refused", async () => {
    // The context is a convenience, not the boundary (escape.test.ts): the worker's process is what is protected.
    const { result, logs } = await run(
      'console.log(typeof tf.matMul, typeof report, typeof lossCallback, typeof data.spirals, STEPS, BACKEND, typeof process, typeof fetch);\nrequire("fs");\n',
      { steps: 7 },
    );
    assert.deepStrictEqual(logs, ['function function function function 7 wasm undefined undefined']);
    assert.strictEqual(result.error?.line, 2);
    assert.match(result.summary, /provides only @tensorflow\/tfjs; "fs" is not available/);
    const evaluated = await run('eval("1 + 1");\n');
    assert.match(evaluated.result.summary, /Code generation from strings disallowed/);
  });

  it('runs inside a boundary the run header describes: environment, permission model, network, code from strings', async () => {
    const { result } = await run('report(1);\n');
    const held = new Map(result.info?.protections.map((p) => [p.name, p.by]));
    assert.strictEqual(held.get('environment'), 'allow-list');
    assert.strictEqual(held.get('code from strings'), 'V8 flag');
    // Node 20 and later have the permission model (this suite runs on Node 20).
    for (const name of ['child processes', 'worker threads', 'native addons', 'file writes', 'file reads'] as const)
      assert.strictEqual(held.get(name), 'permission model', name);
    assert.strictEqual(
      held.get('network'),
      process.allowedNodeEnvironmentFlags.has('--allow-net') ? 'permission model' : 'JavaScript',
    );
    const header = headerLines(result.info!);
    assert.match(
      header.join('\n'),
      /protections: environment: ELECTRON_RUN_AS_NODE, PATH, TF_CPP_MIN_LOG_LEVEL only \[allow-list\]/,
    );
    assert.match(header.join('\n'), new RegExp(`file reads only ${join(projectRoot, 'dist')}`));
  });

  it('runs stock tfjs when the fast kernels are turned off, and says so in the run header', async () => {
    const on = await run(regression, { steps: 5 });
    const off = await run(regression, { steps: 5, fastKernels: false });
    assert.strictEqual(off.result.status, 'completed', off.result.summary);
    assert.strictEqual(on.result.info?.kernels.applied, true);
    assert.ok(on.result.info?.kernels.kernels.includes('one-kernel Adam'));
    assert.deepStrictEqual(off.result.info?.kernels, {
      applied: false,
      kernels: [],
      reason: 'turned off (deepLearningNotes.sandbox.fastKernels)',
    });
    const header = headerLines(off.result.info);
    assert.strictEqual(header[0], 'backend: WebAssembly, tfjs 4.22.0, stock tfjs');
    assert.ok(
      header.includes('kernels: stock tfjs (fast kernels: turned off (deepLearningNotes.sandbox.fastKernels))'),
    );
    // The same losses either way, within float32 rounding (the property tests say how close each kernel is).
    on.points.forEach((p, i) =>
      assert.ok(Math.abs(p.loss - off.points[i]!.loss) <= 1e-5 * Math.abs(p.loss), `step ${i + 1}`),
    );
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

  it('trains what needs kernels WebAssembly lacks (conv2d and gather gradients), matching the CPU backend', async () => {
    const code = readFileSync(join(projectRoot, 'test/fixtures/bridged-kernels.js'), 'utf8');
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
