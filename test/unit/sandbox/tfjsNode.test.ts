// Finding and loading @tensorflow/tfjs-node from the user's workspace (or the folder the tfjsNodePath setting names).
// Real folders and real processes. This machine cannot install the real tfjs-node (its install downloads
// libtensorflow), so the end-to-end runs load a stand-in package: the real @tensorflow/tfjs, with its CPU kernels
// registered under the backend name "tensorflow". What that cannot show: the native addon and libtensorflow loading
// under the permission model (the sandbox allows addons only for that run, and lets it read that installation).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunRequest, type RunResult } from '../../../src/sandbox/protocol';
import { headerLines } from '../../../src/sandbox/runHeader';
import { SandboxRun } from '../../../src/sandbox/runner';
import { findTfjsNode, readableFor } from '../../../src/sandbox/tfjsNode';
import { projectRoot } from '../helpers';

const STAND_IN = `// A stand-in for @tensorflow/tfjs-node in tests: the real @tensorflow/tfjs, its CPU kernels also registered as the
// "tensorflow" backend (through tfjs's public API), so that the sandbox's loading path can be exercised offline.
const tf = require('@tensorflow/tfjs');
const { MathBackendCPU } = require('@tensorflow/tfjs-backend-cpu');
tf.registerBackend('tensorflow', () => new MathBackendCPU(), 10);
for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: 'tensorflow' });
module.exports = tf;
`;

/** A folder with node_modules/@tensorflow/tfjs-node of `version` (its index.js is `code`). */
function install(folder: string, version: string, code = STAND_IN): string {
  const dir = join(folder, 'node_modules', '@tensorflow', 'tfjs-node');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: '@tensorflow/tfjs-node', version, main: 'index.js' }),
  );
  writeFileSync(join(dir, 'index.js'), code);
  return dir;
}

async function run(request: Partial<RunRequest>): Promise<RunResult> {
  return new SandboxRun(
    join(projectRoot, 'dist', 'sandbox-worker.js'),
    {
      type: 'run',
      code: 'const w = tf.variable(tf.scalar(2));\nfor (let i = 0; i < 5; i++) report(tf.train.sgd(0.1).minimize(() => w.square(), true));\n',
      filename: 'p.js',
      language: 'javascript',
      backend: 'auto',
      searchPaths: [],
      ...request,
    },
    { timeoutMs: 60_000, maxMemoryMB: 1024 },
  ).done;
}

describe('tfjs-node from the workspace', function () {
  this.timeout(120_000);
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'dln-tfjs-node-')));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds the first installation whose version fits, in the order given, or says why there is none', () => {
    const [empty, old, good, nested] = ['empty', 'old', 'good', 'nested/project/src'].map((f) => join(scratch, f));
    mkdirSync(empty!, { recursive: true });
    mkdirSync(nested!, { recursive: true });
    const oldDir = install(old!, '3.21.0');
    const goodDir = install(good!, '4.22.0');
    const parentDir = install(join(scratch, 'nested'), '4.20.0');

    assert.deepEqual(findTfjsNode([]), { problem: '@tensorflow/tfjs-node is not installed' });
    assert.deepEqual(findTfjsNode([empty!]), { problem: '@tensorflow/tfjs-node is not installed' });
    assert.deepEqual(findTfjsNode([old!]), {
      problem: `@tensorflow/tfjs-node 3.21.0 in ${oldDir} does not fit (the sandbox needs 4.x)`,
    });
    assert.deepEqual(findTfjsNode([empty!, old!, good!]), { dir: goodDir, version: '4.22.0' });
    // The setting may name the package folder itself; Node's resolution also looks in parent folders.
    assert.deepEqual(findTfjsNode([goodDir]), { dir: goodDir, version: '4.22.0' });
    assert.deepEqual(findTfjsNode([nested!]), { dir: parentDir, version: '4.20.0' });
  });

  it('lets the sandbox read just that installation and the node_modules folders it loads from', () => {
    const dir = install(join(scratch, 'readable'), '4.22.0');
    assert.deepEqual(readableFor(dir), [dir, join(scratch, 'readable', 'node_modules')]);
  });

  describe('end to end, with a stand-in package (see the top of this file)', () => {
    // Inside the project, so that the stand-in's require('@tensorflow/tfjs') finds the project's node_modules.
    const workspace = mkdtempSync(join(projectRoot, 'out', 'tfjs-node-workspace-'));
    after(() => rmSync(workspace, { recursive: true, force: true }));

    it('loads it from the workspace and says which one it loaded, within the boundary', async () => {
      const dir = install(workspace, '4.22.0');
      const result = await run({ searchPaths: [workspace] });
      assert.equal(result.status, 'completed', result.summary);
      assert.equal(result.backend, 'tensorflow');
      assert.equal(result.info?.source, `@tensorflow/tfjs-node 4.22.0 from ${dir}`);
      assert.deepEqual(result.fallbacks, []);
      assert.match(
        headerLines(result.info)[0]!,
        /^backend: tfjs-node \(native TensorFlow\), tfjs 4\.22\.0 \(@tensorflow\/tfjs-node 4\.22\.0 from /,
      );
      const reads = result.info?.protections.find((p) => p.name === 'file reads');
      assert.ok(reads?.by && reads.detail?.includes(dir), JSON.stringify(reads));
    });

    it('falls back to WebAssembly, saying why, when the version does not fit or the package fails to load', async () => {
      const dir = install(workspace, '3.21.0');
      const old = await run({ searchPaths: [workspace] });
      assert.equal(old.backend, 'wasm', old.summary);
      assert.match(old.fallbacks[0]?.error ?? '', /tfjs-node 3\.21\.0 in .* does not fit \(the sandbox needs 4\.x\)/);
      install(workspace, '4.22.0', "throw new Error('libtensorflow.so: cannot open shared object file');\n");
      const broken = await run({ searchPaths: [workspace] });
      assert.equal(broken.backend, 'wasm', broken.summary);
      assert.equal(
        broken.fallbacks[0]?.error,
        `@tensorflow/tfjs-node 4.22.0 in ${dir} failed to load: libtensorflow.so: cannot open shared object file`,
      );
    });

    it('is not even looked for when another backend is asked for', async () => {
      install(workspace, '4.22.0');
      const result = await run({ searchPaths: [workspace], backend: 'wasm' });
      assert.equal(result.backend, 'wasm');
      assert.deepEqual(result.fallbacks, []);
      assert.ok(!result.info?.protections.find((p) => p.name === 'file reads')?.detail?.includes(workspace));
    });
  });
});
