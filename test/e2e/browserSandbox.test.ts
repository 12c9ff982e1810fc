// The browser sandbox (src/sandbox/browser), as vscode.dev and github.dev run it: the loss chart's
// SandboxHost starts a Worker with real TensorFlow.js on WebAssembly, in headless Chromium, under the
// loss chart's Content Security Policy (test/runners/sandboxPage.ts). The same programs as the Node
// sandbox's tests (test/unit/sandbox/runner.test.ts) meet the same API, errors and limits here.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LossPoint, Protection, SandboxMessage } from '../../src/sandbox/protocol';
import { SandboxPage, type SandboxOutcome } from '../runners/sandboxPage';
import { projectRoot } from '../runners/workbench';

type Of<T extends SandboxMessage['type']> = Extract<SandboxMessage, { type: T }>;
const first = <T extends SandboxMessage['type']>(o: SandboxOutcome, type: T) =>
  o.messages.find((m): m is Of<T> => m.type === type);
const pointsOf = (o: SandboxOutcome): LossPoint[] => o.messages.flatMap((m) => (m.type === 'points' ? m.points : []));
const logsOf = (o: SandboxOutcome): string[] => o.messages.flatMap((m) => (m.type === 'log' ? [m.text] : []));

/** The program both sandboxes are tested with. */
const regression = readFileSync(join(projectRoot, 'test/fixtures/regression.js'), 'utf8');

describe('the browser sandbox (a Worker with tfjs on WebAssembly, in Chromium)', () => {
  let sandbox: SandboxPage;
  before(async () => {
    sandbox = await SandboxPage.open();
  });
  after(() => sandbox?.close());

  it('trains: the loss goes down, points stream in order, with the fast kernels and the bridges', async () => {
    const outcome = await sandbox.run(regression, { steps: 150 });
    assert.strictEqual(outcome.end, 'finished', JSON.stringify(first(outcome, 'error')));
    const backend = first(outcome, 'backend')!;
    assert.deepStrictEqual([backend.backend, backend.version, backend.fallbacks], ['wasm', '4.22.0', []]);
    assert.ok(backend.kernels.applied, backend.kernels.reason);
    const points = pointsOf(outcome);
    assert.deepStrictEqual(
      points.map((p) => p.step),
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
    assert.ok(points[149]!.loss < points[0]!.loss / 10, `${points[0]!.loss} → ${points[149]!.loss}`);
    assert.deepStrictEqual(logsOf(outcome), ['trained on wasm']);
    const done = first(outcome, 'done')!;
    assert.strictEqual(done.steps.loss, 150);
    assert.ok(done.firstPointMs! > 0 && done.firstPointMs! <= done.ms);
  });

  it('runs on the CPU backend when asked, and says tfjs-node cannot run in a browser when that is asked', async () => {
    const cpu = await sandbox.run(regression, { backend: 'cpu', steps: 20 });
    assert.strictEqual(first(cpu, 'backend')?.backend, 'cpu');
    assert.strictEqual(first(cpu, 'done')?.steps.loss, 20);
    const native = await sandbox.run(regression, { backend: 'tensorflow', steps: 5 });
    assert.deepStrictEqual(first(native, 'backend')?.fallbacks, [
      { backend: 'tensorflow', error: 'tfjs-node needs Node.js, and this editor runs in the browser' },
    ]);
    assert.strictEqual(first(native, 'backend')?.backend, 'wasm');
  });

  it('trains what needs kernels WebAssembly lacks (conv2d and gather gradients), matching the CPU backend', async () => {
    const code = readFileSync(join(projectRoot, 'test/fixtures/bridged-kernels.js'), 'utf8');
    const wasm = pointsOf(await sandbox.run(code, { backend: 'wasm' }));
    const cpu = pointsOf(await sandbox.run(code, { backend: 'cpu' }));
    assert.strictEqual(wasm.length, 5);
    wasm.forEach((p, i) =>
      assert.ok(Math.abs(p.loss - cpu[i]!.loss) < 1e-4 * Math.abs(cpu[i]!.loss), `step ${i + 1}: ${p.loss}`),
    );
  });

  it('reports a syntax error with its line and column (JavaScript and TypeScript)', async () => {
    const js = first(await sandbox.run('const a = 1;\nconst b = a +;\n'), 'error');
    assert.deepStrictEqual([js?.kind, js?.line, js?.column], ['syntax', 2, 14]);
    const ts = first(
      await sandbox.run('const a: number = 1;\n\nlet b: string = a +;\n', { language: 'typescript', filename: 'p.ts' }),
      'error',
    );
    assert.deepStrictEqual([ts?.kind, ts?.line, ts?.column], ['syntax', 3, 20]);
  });

  it('treats a SyntaxError the program throws while it runs (JSON.parse) as a runtime error at its line', async () => {
    const error = first(await sandbox.run('report(1);\nJSON.parse("{");\n'), 'error');
    assert.deepStrictEqual([error?.kind, error?.line], ['runtime', 2]);
  });

  it('reports a runtime error on the line of the program that caused it, even deep inside tf', async () => {
    const error = first(
      await sandbox.run('const a = tf.ones([2, 3]);\nconst b = tf.ones([4, 5]);\n\nconst c = a.matMul(b);\n'),
      'error',
    );
    assert.strictEqual(error?.line, 4);
    assert.match(error.message, /matMul/);
    assert.match(error.stack ?? '', /sandbox:\/\/\/program\.js:4:/);
  });

  it('maps errors in TypeScript back to the TypeScript line', async () => {
    const code =
      'interface Shape { rows: number }\nconst shape: Shape = { rows: 2 };\n\ntype T = number;\nconst t = tf.ones([shape.rows]);\nundefinedFunction(t as unknown as T);\n';
    const error = first(await sandbox.run(code, { language: 'typescript', filename: 'program.ts' }), 'error');
    assert.strictEqual(error?.line, 6);
  });

  it('stops at a NaN loss and says where it diverged', async () => {
    const outcome = await sandbox.run('for (let i = 1; i <= 100; i++) report(i < 40 ? 1 / i : NaN, "train");\n');
    const diverged = first(outcome, 'diverged');
    assert.deepStrictEqual([diverged?.series, diverged?.step, Number.isNaN(diverged?.value)], ['train', 40, true]);
    assert.strictEqual(pointsOf(outcome).length, 39);
  });

  it('stops on request (Stop, and the time limit), even a loop that never yields', async () => {
    const stopped = await sandbox.run(
      'for (let i = 0; ; i++) { report(1 / (i + 1)); await new Promise((r) => setTimeout(r, 1)); }\n',
      {},
      { stopAfterMs: 1500 },
    );
    assert.strictEqual(stopped.end, 'terminated');
    assert.ok(pointsOf(stopped).length > 10, 'points arrived before the stop');
    const endless = await sandbox.run('let i = 0;\nwhile (true) { i++; }\n', {}, { timeoutMs: 1500 });
    assert.strictEqual(endless.end, 'terminated');
    assert.ok(endless.ms < 5000, `ended after ${endless.ms} ms`);
  });

  it("gives the program tf and the sandbox's helpers as globals; other modules, eval and the network are refused", async () => {
    const outcome = await sandbox.run(
      'console.log(typeof tf.matMul, typeof report, typeof lossCallback, typeof data.spirals, STEPS, BACKEND, typeof process, typeof document);\nrequire("fs");\n',
      { steps: 7 },
    );
    assert.deepStrictEqual(logsOf(outcome), ['function function function function 7 wasm undefined undefined']);
    const error = first(outcome, 'error');
    assert.strictEqual(error?.line, 2);
    assert.match(error.message, /provides only @tensorflow\/tfjs; "fs" is not available/);
    const evaluated = first(await sandbox.run('eval("1 + 1");\n'), 'error');
    assert.match(evaluated?.message ?? '', /unsafe-eval|Content Security Policy/);
    const fetched = first(await sandbox.run('\nawait fetch("https://example.com/");\n'), 'error');
    assert.deepStrictEqual(
      [fetched?.message, fetched?.line],
      ['The sandbox does not allow fetch: a sandboxed program has no network.', 2],
    );
    const imported = first(await sandbox.run('import _ from "lodash";\nreport(1);\n'), 'error');
    assert.match(imported?.message ?? '', /The sandbox provides only @tensorflow\/tfjs; cannot import "lodash"/);
  });

  it('refuses the doors a program could reach in a Worker, also through their prototypes', async () => {
    const code = `
const doors = {
  'fetch': () => fetch('/'),
  'fetch from its prototype': () => WorkerGlobalScope.prototype.fetch.call(self, '/'),
  'XMLHttpRequest': () => new XMLHttpRequest(),
  'WebSocket': () => new WebSocket('ws://127.0.0.1:9'),
  'importScripts': () => importScripts('https://example.com/x.js'),
  'importScripts from its prototype': () => WorkerGlobalScope.prototype.importScripts.call(self, 'https://example.com/x.js'),
  'a Worker': () => new Worker('data:text/javascript,1'),
  'postMessage to the page': () => postMessage({ type: 'done', steps: {}, finalLoss: {}, ms: 0 }),
  'postMessage from its prototype': () => DedicatedWorkerGlobalScope.prototype.postMessage.call(self, { type: 'log', level: 'log', text: 'forged' }),
  'close': () => close(),
  'new Function': () => new Function('return 1')(),
  'a host function\\'s constructor': () => report.constructor('return 1')(),
  'import from the network': () => import('https://example.com/x.js'),
  'indexedDB': () => indexedDB.open('x'),
};
let through = 0;
for (const [name, open] of Object.entries(doors)) {
  try {
    await open();
    through++;
    console.log('got through: ' + name);
  } catch {}
}
report(Object.keys(doors).length, 'attempts');
report(through, 'attempts that got through');
`;
    const outcome = await sandbox.run(code);
    assert.strictEqual(outcome.end, 'finished', JSON.stringify(first(outcome, 'error')));
    const final = first(outcome, 'done')!.finalLoss;
    assert.deepStrictEqual([final.attempts, final['attempts that got through']], [14, 0], logsOf(outcome).join('; '));
    assert.ok(!logsOf(outcome).includes('forged'));
  });

  it('says in its header what the browser, the policy and the sandbox hold', async () => {
    const backend = first(await sandbox.run('report(1);\n'), 'backend')!;
    const held = new Map(backend.protections.map((p: Protection) => [p.name, p.by]));
    for (const name of ['child processes', 'native addons', 'signals'] as const)
      assert.strictEqual(held.get(name), 'browser');
    for (const name of ['worker threads', 'network', 'file writes'] as const)
      assert.strictEqual(held.get(name), 'JavaScript');
    assert.strictEqual(held.get('code from strings'), 'Content Security Policy');
  });

  it('lets a program import tfjs like a module, and reports model.fit through lossCallback', async () => {
    const code = `import * as tf from '@tensorflow/tfjs';
import tfDefault, { sequential, layers } from '@tensorflow/tfjs';
if (tfDefault !== tf.default && tfDefault.sequential !== sequential) throw new Error('two tfs');
if (require('@tensorflow/tfjs-node').train !== tf.train) throw new Error('require gives another tf');
const model = sequential({ layers: [layers.dense({ units: 1, inputShape: [8] })] });
model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
const { x, y } = data.regression({ n: 128 });
await model.fit(x, y, { epochs: 3, batchSize: 32, validationSplit: 0.25, callbacks: [lossCallback('fit')] });
`;
    const outcome = await sandbox.run(code);
    assert.strictEqual(outcome.end, 'finished', JSON.stringify(first(outcome, 'error')));
    const points = pointsOf(outcome);
    assert.deepStrictEqual([...new Set(points.map((p) => p.series))], ['fit', 'fit (validation)']);
    assert.strictEqual(points.filter((p) => p.series === 'fit').length, 9);
  });

  it('finishes when the program has nothing left to do: after its timers, not before', async () => {
    const code = `report(1);
setTimeout(() => report(2), 300);
setTimeout(() => setTimeout(() => report(3), 200), 300);
`;
    const outcome = await sandbox.run(code);
    assert.deepStrictEqual(
      pointsOf(outcome).map((p) => p.loss),
      [1, 2, 3],
    );
    assert.strictEqual(first(outcome, 'done')?.steps.loss, 3);
  });
});
